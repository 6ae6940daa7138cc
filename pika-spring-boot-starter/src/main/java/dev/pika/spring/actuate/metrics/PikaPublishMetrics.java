package dev.pika.spring.actuate.metrics;

import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spring.core.ConfirmTimeoutException;
import dev.pika.spring.core.PublishInterceptor;
import dev.pika.spring.core.PublishRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code <prefix>.publish.confirm} timer: the time from a {@code PikaTemplate} send to the broker's
 * confirm, tagged {@code connection} and {@code result}: {@code acked}, {@code nacked}, {@code returned}
 * (unroutable mandatory message), {@code timeout} (no confirm within {@code
 * pika.publisher.confirm-timeout}) or {@code failed} (the connection or channel was lost, the send was
 * refused...). Sends without confirms are not timed. A {@link PublishInterceptor} added to the
 * template, and a {@link MeterBinder}.
 *
 * <p>Thread-safe: {@link #intercept} runs on the sending threads, the timing ends on the connection's
 * I/O thread. Each timer is resolved once per tag combination and cached.
 */
public class PikaPublishMetrics implements PublishInterceptor, MeterBinder {

    private final PikaMeterNames names;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /**
     * Creates the timer's binder.
     *
     * @param names the meter names
     */
    public PikaPublishMetrics(PikaMeterNames names) {
        this.names = Objects.requireNonNull(names, "names must not be null");
    }

    @Override
    public void bindTo(MeterRegistry target) {
        Objects.requireNonNull(target, "target must not be null");
        registry.add(target);
    }

    @Override
    public CompletableFuture<Void> intercept(PublishRequest request, Chain next) {
        if (!request.confirms()) {
            return next.publish(request);
        }
        long start = registry.config().clock().monotonicTime();
        CompletableFuture<Void> result = next.publish(request);
        result.whenComplete((ok, error) -> {
            long elapsed = registry.config().clock().monotonicTime() - start;
            timer(request.connectionName(), result(error)).record(elapsed, TimeUnit.NANOSECONDS);
        });
        return result;
    }

    /**
     * The {@code result} tag of an outcome.
     *
     * @param error the failure, or {@code null} when confirmed
     * @return {@code acked}, {@code nacked}, {@code returned}, {@code timeout} or {@code failed}
     */
    static String result(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            return "acked";
        }
        if (cause instanceof NackException) {
            return "nacked";
        }
        if (cause instanceof UnroutableException) {
            return "returned";
        }
        if (cause instanceof ConfirmTimeoutException) {
            return "timeout";
        }
        return "failed";
    }

    private Timer timer(String connection, String result) {
        return timers.computeIfAbsent(
                new TimerKey(connection, result),
                key -> Timer.builder(names.publishConfirm())
                        .description("Time from a PikaTemplate send to the broker's confirm")
                        .tag(PikaMeterNames.CONNECTION_TAG, key.connection())
                        .tag(PikaMeterNames.RESULT_TAG, key.result())
                        .register(registry));
    }

    @Override
    public String toString() {
        return "PikaPublishMetrics[" + names.publishConfirm() + "]";
    }

    private record TimerKey(String connection, String result) {}
}
