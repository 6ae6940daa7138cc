package dev.pika.spring.actuate.health;

import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import dev.pika.spring.listener.observation.PikaListenerViews;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code pika} health contributor: UP when every connection of the {@link PikaConnectionFactory}
 * is open and every running listener consumes; DOWN with the reason when a connection was lost, could
 * not be opened or gave up (an authentication failure is named as such), or a listener was cancelled
 * or failed; the configured recovering status ({@code management.health.pika.recovering-status}: DOWN
 * or OUT_OF_SERVICE) while a connection is being opened or recovered, or a listener subscribes again.
 *
 * <p>Details: per connection (by name) its state, the broker's product and version (server
 * properties), the address connected to, the heartbeat, whether the broker blocked it and why, the
 * recovery count and last recovery time, the last failure; per listener (by id) its queues,
 * connection, consumer state, in-flight deliveries and worker pool usage; and {@code reason}, one
 * sentence per problem, when not UP.
 *
 * <p><b>Never a hang.</b> A check reads the connections' {@link ConnectionSnapshot}s, which the
 * connections replace at each change (an atomic reference): no broker round trip, no wait for an I/O
 * thread, so it answers at once even when the broker is unreachable. The listener snapshots are read on
 * a helper thread ({@code pika-health}) within {@code management.health.pika.timeout}; past it, the
 * check reports the listeners unknown and DOWN rather than wait.
 *
 * <p>Thread-safe: checks may run concurrently from any thread.
 */
public class PikaHealthIndicator implements HealthIndicator, DisposableBean {

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final PikaConnectionFactory connectionFactory;
    private final Supplier<PikaListenerViews> listenerViews;
    private final Status recoveringStatus;
    private final Duration timeout;
    private final ThreadPoolExecutor listenerReader;

    /**
     * Creates the indicator.
     *
     * @param connectionFactory the connections to report
     * @param listenerViews the listener containers; the supplier may return {@code null} (no listeners)
     * @param recoveringStatus the status of connections and listeners being (re)established: {@link
     *     Status#DOWN} or {@link Status#OUT_OF_SERVICE}
     * @param timeout the longest a check may wait for the listener states; positive
     */
    public PikaHealthIndicator(
            PikaConnectionFactory connectionFactory,
            Supplier<PikaListenerViews> listenerViews,
            Status recoveringStatus,
            Duration timeout) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
        this.listenerViews = Objects.requireNonNull(listenerViews, "listenerViews must not be null");
        this.recoveringStatus = Objects.requireNonNull(recoveringStatus, "recoveringStatus must not be null");
        if (!recoveringStatus.equals(Status.DOWN) && !recoveringStatus.equals(Status.OUT_OF_SERVICE)) {
            throw new IllegalArgumentException("recoveringStatus must be DOWN or OUT_OF_SERVICE, but was "
                    + recoveringStatus + ": set management.health.pika.recovering-status");
        }
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "timeout must be positive, but was " + timeout + ": set management.health.pika.timeout to e.g. 2s");
        }
        this.timeout = timeout;
        this.listenerReader = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "pika-health-" + THREAD_NUMBERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Health health() {
        Verdict verdict = new Verdict();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connections", connections(verdict));
        PikaListenerViews views = listenerViews.get();
        if (views != null) {
            details.put("listeners", listeners(views, verdict));
        }
        Health.Builder builder = Health.status(verdict.status);
        if (!verdict.reasons.isEmpty()) {
            builder.withDetail("reason", String.join("; ", verdict.reasons));
        }
        return builder.withDetails(details).build();
    }

    private Map<String, Object> connections(Verdict verdict) {
        Map<String, Object> result = new LinkedHashMap<>();
        List<PikaConnection> connections = connectionFactory.getConnections();
        if (connections.isEmpty()) {
            verdict.add(Status.UNKNOWN, "no connection was created yet");
        }
        for (PikaConnection connection : connections) {
            ConnectionSnapshot snapshot = connection.snapshot();
            result.put(snapshot.name(), HealthDetails.connection(snapshot));
            switch (snapshot.state()) {
                case OPEN -> verdict.add(Status.UP, null);
                case NEW -> verdict.add(Status.UNKNOWN, "connection '" + snapshot.name() + "' is not started");
                case CONNECTING ->
                    verdict.add(
                            recoveringStatus,
                            "connection '" + snapshot.name() + "' is connecting (attempt " + snapshot.attempt() + ")"
                                    + HealthDetails.after(snapshot.lastFailure()));
                case RECOVERING ->
                    verdict.add(
                            recoveringStatus,
                            "connection '" + snapshot.name() + "' was lost and is recovering (attempt "
                                    + snapshot.attempt() + ")" + HealthDetails.after(snapshot.lastFailure()));
                case FAILED ->
                    verdict.add(
                            Status.DOWN,
                            "connection '" + snapshot.name() + "' failed and is not retried: "
                                    + HealthDetails.describe(snapshot.lastFailure()));
                case CLOSED ->
                    verdict.add(
                            Status.OUT_OF_SERVICE, "connection '" + snapshot.name() + "' is closed (shutting down)");
            }
        }
        return result;
    }

    private Object listeners(PikaListenerViews views, Verdict verdict) {
        List<PikaListenerSnapshot> snapshots;
        try {
            snapshots = readBounded(views);
        } catch (TimeoutException e) {
            verdict.add(
                    Status.DOWN,
                    "the listener states could not be read within " + timeout + " (management.health.pika.timeout)");
            return "unknown";
        } catch (RejectedExecutionException e) {
            verdict.add(Status.DOWN, "the listener states could not be read: an earlier check is still reading them");
            return "unknown";
        } catch (ExecutionException e) {
            verdict.add(Status.DOWN, "the listener states could not be read: " + HealthDetails.describe(e.getCause()));
            return "unknown";
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (PikaListenerSnapshot listener : snapshots) {
            result.put(listener.id(), HealthDetails.listener(listener));
            String name = "listener '" + listener.id() + "' on " + listener.queues();
            switch (listener.state()) {
                case CONSUMING, STOPPED, STOPPING -> verdict.add(Status.UP, null);
                case STARTING -> verdict.add(recoveringStatus, name + " is subscribing");
                case RECOVERING ->
                    verdict.add(
                            recoveringStatus,
                            name + " is waiting to subscribe again" + HealthDetails.after(listener.lastFailure()));
                case CANCELLED ->
                    verdict.add(
                            Status.DOWN,
                            name + " was cancelled by the broker" + HealthDetails.after(listener.lastFailure()));
                case FAILED ->
                    verdict.add(Status.DOWN, name + " failed: " + HealthDetails.describe(listener.lastFailure()));
            }
        }
        return result;
    }

    private List<PikaListenerSnapshot> readBounded(PikaListenerViews views)
            throws TimeoutException, ExecutionException {
        Future<List<PikaListenerSnapshot>> read = listenerReader.submit(views::getListenerSnapshots);
        try {
            List<PikaListenerSnapshot> snapshots = read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return snapshots == null ? List.of() : snapshots;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read.cancel(true);
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            read.cancel(true);
            throw e;
        }
    }

    /** Ends the helper thread. */
    @Override
    public void destroy() {
        listenerReader.shutdownNow();
    }

    @Override
    public String toString() {
        return "PikaHealthIndicator[recovering=" + recoveringStatus.getCode() + ", timeout=" + timeout + "]";
    }

    /** The worst status seen so far and the reasons. Confined to one check. */
    private static final class Verdict {

        /** Spring Boot's default order, worst first. */
        private static final List<Status> ORDER =
                List.of(Status.DOWN, Status.OUT_OF_SERVICE, Status.UP, Status.UNKNOWN);

        private Status status = Status.UNKNOWN;
        private final List<String> reasons = new ArrayList<>();

        void add(Status seen, String reason) {
            if (ORDER.indexOf(seen) < ORDER.indexOf(status)) {
                status = seen;
            }
            if (reason != null) {
                reasons.add(reason);
            }
        }
    }
}
