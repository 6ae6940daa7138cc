package dev.pika.spring.connection;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.spring.connection.event.PikaConnectionConnectedEvent;
import dev.pika.spring.connection.event.PikaConnectionFailedEvent;
import dev.pika.spring.connection.event.PikaConnectionLostEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveredEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveringEvent;
import dev.pika.spring.connection.recovery.RecoveryPolicies;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.support.RetryTemplate;

/**
 * The {@link PikaConnection} of {@link PikaConnectionFactory}: one {@link IoLoop} on its own thread
 * ({@code pika-io-N}) for the connection's whole life, one core {@link SelectConnection} at a time on
 * it, and a recovery thread ({@code pika-recovery-N}, created when needed, gone when idle) that opens
 * connections under the {@link RetryTemplate} and publishes the events.
 *
 * <p>After a loss, the first attempt waits the recovery delay ({@code pika.recovery.initial-interval},
 * jittered); later attempts wait what the retry template's back-off says. An attempt tries every address in order (a fresh list each time, shuffled when configured), each
 * bounded by its parameters' stack timeout; once one opens, the {@link ConnectionInitializer}s run,
 * then, on the I/O thread, the connection becomes current and the listeners' {@code onOpened} run. A
 * loss of the current connection (its close callback, on the I/O thread) tells the listeners, then the
 * recovery thread publishes the loss and, when recovery is enabled, starts over.
 *
 * <p>Thread-safe. Fields marked "loop" are confined to the I/O thread; the snapshot is an atomic
 * reference replaced at each change; the rest is final or volatile.
 */
final class ManagedConnection implements PikaConnection {

    private static final Log LOG = LogFactory.getLog(ManagedConnection.class);
    private static final AtomicInteger RECOVERY_THREAD_NUMBERS = new AtomicInteger();

    private final String name;
    private final Supplier<List<ConnectionParameters>> parameters;
    private final RetryTemplate retryTemplate;
    private final boolean recoveryEnabled;
    private final Supplier<List<ConnectionInitializer>> initializers;
    private final Duration initializationTimeout;
    private final Duration recoveryDelay;
    private final double recoveryJitter;
    private final ConnectionListeners listeners;
    private final AtomicReference<ConnectionSnapshot> snapshot;
    private final IoLoop loop = new IoLoop();
    private final ThreadPoolExecutor recoveryExecutor;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

    private volatile boolean started;
    private volatile boolean closing;

    /** Loop: the established core connection, or null. */
    private Connection current;
    /** Loop: the connection of the attempt in progress, for close() to abort. */
    private Connection attempting;

    ManagedConnection(
            String name,
            Supplier<List<ConnectionParameters>> parameters,
            RetryTemplate retryTemplate,
            boolean recoveryEnabled,
            Supplier<List<ConnectionInitializer>> initializers,
            Duration initializationTimeout,
            Duration recoveryDelay,
            double recoveryJitter,
            ApplicationEventPublisher eventPublisher) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.parameters = Objects.requireNonNull(parameters, "parameters must not be null");
        this.retryTemplate = Objects.requireNonNull(retryTemplate, "retryTemplate must not be null");
        this.recoveryEnabled = recoveryEnabled;
        this.initializers = Objects.requireNonNull(initializers, "initializers must not be null");
        this.initializationTimeout =
                Objects.requireNonNull(initializationTimeout, "initializationTimeout must not be null");
        this.recoveryDelay = Objects.requireNonNull(recoveryDelay, "recoveryDelay must not be null");
        this.recoveryJitter = recoveryJitter;
        this.listeners = new ConnectionListeners(this, eventPublisher);
        this.snapshot = new AtomicReference<>(ConnectionSnapshot.initial(name));
        this.recoveryExecutor =
                new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "pika-recovery-" + RECOVERY_THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.recoveryExecutor.allowCoreThreadTimeOut(true);
    }

    // ------------------------------------------------------------------------------------------------
    // PikaConnection

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOpen() {
        return snapshot.get().isOpen();
    }

    @Override
    public PikaConnectionState state() {
        return snapshot.get().state();
    }

    @Override
    public ConnectionSnapshot snapshot() {
        return snapshot.get();
    }

    @Override
    public CompletableFuture<Channel> openChannel() {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        try {
            execute(() -> {
                Connection connection = current;
                if (connection == null || !connection.isOpen()) {
                    result.completeExceptionally(unavailable());
                    return;
                }
                try {
                    connection.openChannel().whenComplete((channel, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(channel);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (ConnectionUnavailableException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void execute(Runnable task) {
        hand(task, false);
    }

    @Override
    public boolean runOrHandOff(Runnable task) {
        return hand(task, true);
    }

    /** Queues {@code task} on the loop, or, when {@code mayRunHere}, lets this thread run it if the loop is idle. */
    private boolean hand(Runnable task, boolean mayRunHere) {
        Objects.requireNonNull(task, "task must not be null");
        try {
            if (mayRunHere) {
                return loop.runOrHandOff(task);
            }
            loop.addCallbackThreadsafe(task);
            return false;
        } catch (IllegalStateException e) { // the loop is closed
            throw new ConnectionUnavailableException(name, PikaConnectionState.CLOSED, null);
        }
    }

    @Override
    public boolean isInLoopThread() {
        return loop.isInLoopThread();
    }

    @Override
    public Connection amqpConnection() {
        if (!started || !loop.isInLoopThread()) {
            throw new IllegalStateException("PikaConnection.amqpConnection() must be called on the connection's I/O"
                    + " thread: hand the work in with execute(...)");
        }
        Connection connection = current;
        if (connection == null || !connection.isOpen()) {
            throw unavailable();
        }
        return connection;
    }

    @Override
    public void addListener(PikaConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PikaConnectionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "PikaConnection[" + name + ", " + state() + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle (the factory's)

    /** Starts the I/O thread and the first connection attempt (on the recovery thread). Idempotent. */
    synchronized void start() {
        if (started || closing) {
            return;
        }
        started = true;
        loop.startInBackground();
        update(s -> s.withState(PikaConnectionState.CONNECTING));
        recoveryExecutor.execute(() -> connect(false));
    }

    /**
     * Completes when the first attempt succeeded, fails with its failure otherwise; the factory's
     * start-up waits on it.
     */
    CompletableFuture<Void> firstAttempt() {
        return firstAttempt;
    }

    /**
     * The longest the first attempt can take: the attempt timeout of every address, plus the
     * initializers and the hand-over to the I/O thread.
     */
    Duration firstAttemptBound() {
        Duration bound = initializationTimeout.multipliedBy(2);
        for (ConnectionParameters p : parameters.get()) {
            bound = bound.plus(Attempt.timeout(p));
        }
        return bound;
    }

    /**
     * Closes the connection for good: stops recovery, closes the core connection with {@code
     * Connection.Close} (bounded by {@link Connection#CLOSE_TIMEOUT}), stops the I/O thread and the
     * recovery thread. Idempotent; not from the I/O thread.
     */
    void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (loop.isInLoopThread() && started) {
            throw new IllegalStateException("PikaConnection cannot be closed from its own I/O thread");
        }
        recoveryExecutor.shutdownNow(); // interrupts a back-off or a wait for an attempt
        if (started) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            try {
                loop.addCallbackThreadsafe(() -> closeOnLoop(closed));
                closed.get(Connection.CLOSE_TIMEOUT.plusSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
            } catch (IllegalStateException e) {
                LOG.debug("Connection '" + name + "': loop already closed", e);
            } catch (TimeoutException e) {
                LOG.warn(
                        "Connection '" + name + "' did not close within " + Connection.CLOSE_TIMEOUT + "; dropping it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.debug("Connection '" + name + "' closed with an error", e.getCause());
            }
        }
        loop.close();
        awaitTermination();
        update(s -> s.withState(PikaConnectionState.CLOSED));
        firstAttempt.completeExceptionally(new CancellationException("connection closed"));
    }

    private void awaitTermination() {
        try {
            if (!recoveryExecutor.awaitTermination(Connection.CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Connection '" + name + "': the recovery thread did not end in time (a slow event listener?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeOnLoop(CompletableFuture<Void> closed) {
        Connection attempt = attempting;
        if (attempt != null && !attempt.isClosed() && !attempt.isClosing()) {
            attempt.close();
        }
        Connection connection = current;
        if (connection == null || connection.isClosed()) {
            closed.complete(null);
            return;
        }
        connection.addOnCloseCallback((c, reason) -> closed.complete(null));
        if (!connection.isClosing()) {
            connection.close();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Connecting and recovery (recovery thread)

    private void connect(boolean recovery) {
        if (recovery && !waitBeforeRecovery()) {
            return;
        }
        AtomicReference<Throwable> previous =
                new AtomicReference<>(recovery ? snapshot.get().lastFailure() : null);
        AtomicInteger attempts = new AtomicInteger();
        try {
            retryTemplate.execute(context -> {
                if (closing) {
                    throw new CancellationException("connection closed");
                }
                int attempt = context.getRetryCount() + 1;
                attempts.set(attempt);
                update(s -> s.withAttempt(attempt));
                if (recovery || attempt > 1) {
                    listeners.fire(new PikaConnectionRecoveringEvent(this, name, previous.get(), attempt));
                }
                try {
                    attemptOnce(recovery);
                    return null;
                } catch (RuntimeException e) {
                    if (e instanceof CancellationException || closing) {
                        throw e;
                    }
                    previous.set(e);
                    update(s -> s.withFailure(e));
                    if (!recovery && attempt == 1) {
                        firstAttempt.completeExceptionally(
                                e instanceof InitializerRun.InitializationFailure f ? f.getCause() : e);
                    }
                    if (!(e instanceof InitializerRun.InitializationFailure) && !RecoveryPolicies.isFatal(e)) {
                        LOG.warn("Connection '" + name + "': attempt " + attempt + " failed: " + e.getMessage());
                    }
                    throw e;
                }
            });
        } catch (CancellationException | BackOffInterruptedException e) {
            LOG.debug("Connection '" + name + "': recovery stopped, the connection is closing");
            return;
        } catch (InitializerRun.InitializationFailure e) {
            update(s -> s.withFailure(e.getCause()).withState(PikaConnectionState.FAILED));
            firstAttempt.completeExceptionally(e.getCause());
            return;
        } catch (Throwable e) {
            if (closing) {
                return;
            }
            failed(e, attempts.get());
            return;
        }
        if (!recovery) {
            firstAttempt.complete(null);
        }
        int attempt = attempts.get();
        listeners.fire(
                recovery
                        ? new PikaConnectionRecoveredEvent(this, name, null, attempt)
                        : new PikaConnectionConnectedEvent(this, name, null, attempt));
    }

    /** Waits the recovery delay (jittered) after a loss; false when interrupted by close(). */
    private boolean waitBeforeRecovery() {
        double factor = 1.0
                + recoveryJitter
                        * (2.0
                                        * java.util.concurrent.ThreadLocalRandom.current()
                                                .nextDouble()
                                - 1.0);
        long wait = Math.max(0L, Math.round(recoveryDelay.toMillis() * factor));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !closing;
    }

    private void failed(Throwable failure, int attempts) {
        update(s -> s.withFailure(failure).withState(PikaConnectionState.FAILED));
        firstAttempt.completeExceptionally(failure);
        if (RecoveryPolicies.isFatal(failure)) {
            LOG.error("Connection '" + name + "' failed and will not be retried: "
                    + Attempt.sentence(failure.getMessage())
                    + " The broker refused the credentials or the virtual host: check pika.username, pika.password and"
                    + " pika.virtual-host (or the user and virtual host of pika.url), and the user's permissions.");
        } else {
            LOG.error(
                    "Connection '" + name + "' failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                            + " and will not be retried (pika.recovery.*): " + failure.getMessage(),
                    failure);
        }
        listeners.fire(new PikaConnectionFailedEvent(this, name, failure, attempts));
    }

    /** One attempt: every address in order until one opens; then initializers, then hand-over. */
    private void attemptOnce(boolean recovery) {
        List<ConnectionParameters> addresses = parameters.get();
        RuntimeException last = null;
        for (ConnectionParameters params : addresses) {
            if (closing) {
                throw new CancellationException("connection closed");
            }
            Attempt attempt = new Attempt(params);
            try {
                open(attempt);
            } catch (AmqpConnectionException e) {
                if (RecoveryPolicies.isFatal(e)) {
                    throw e;
                }
                LOG.debug("Connection '" + name + "': " + attempt.address() + " failed: " + e.getMessage());
                last = e;
                continue;
            }
            new InitializerRun(this, initializationTimeout, this::abort).run(attempt, initializers.get(), recovery);
            establish(attempt, recovery);
            return;
        }
        throw last != null ? last : new AmqpConnectionException("no broker address to connect to");
    }

    private void open(Attempt attempt) {
        execute(() -> {
            if (closing) {
                attempt.opened.completeExceptionally(new CancellationException("connection closed"));
                return;
            }
            try {
                SelectConnection connection = new SelectConnection(
                        attempt.params,
                        attempt.opened::complete,
                        (c, error) -> attempt.opened.completeExceptionally(error),
                        (c, reason) -> onClosed(attempt, c, reason),
                        loop);
                attempt.connection = connection;
                attempting = connection;
            } catch (RuntimeException e) {
                attempt.opened.completeExceptionally(e);
            }
        });
        Duration timeout = attempt.timeout();
        try {
            Connection connection = attempt.opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            execute(() -> watchBlocked(connection));
        } catch (TimeoutException e) {
            abort(attempt);
            throw new AmqpConnectionException("Connecting to " + attempt.address() + " timed out after " + timeout
                    + " (ConnectionParameters.stackTimeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(attempt);
            throw new CancellationException("interrupted: the connection is closing");
        } catch (ExecutionException e) {
            throw Attempt.runtime(e.getCause());
        }
    }

    private void abort(Attempt attempt) {
        try {
            execute(() -> {
                Connection connection = attempt.connection;
                if (connection != null && !connection.isClosed() && !connection.isClosing()) {
                    connection.close();
                }
            });
        } catch (ConnectionUnavailableException e) {
            // the loop is gone, and the connection with it
        }
    }

    /** On the I/O thread: make the opened connection current and tell the listeners. */
    private void establish(Attempt attempt, boolean recovery) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            Connection connection = attempt.connection;
            if (closing) {
                done.completeExceptionally(new CancellationException("connection closed"));
                return;
            }
            if (!connection.isOpen()) {
                done.completeExceptionally(InitializerRun.lostDuring(attempt, null));
                return;
            }
            current = connection;
            attempting = null;
            update(s -> s.opened(attempt.address(), connection.serverProperties(), connection.heartbeat(), recovery));
            LOG.info("Connection '" + name + "' " + (recovery ? "recovered" : "opened") + " to " + attempt.address());
            listeners.opened(connection, recovery);
            done.complete(null);
        });
        try {
            done.get(initializationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted: the connection is closing");
        } catch (TimeoutException e) {
            abort(attempt);
            throw new AmqpConnectionException("Connection '" + name + "': the I/O thread did not take the connection"
                    + " within " + initializationTimeout);
        } catch (ExecutionException e) {
            throw Attempt.runtime(e.getCause());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Events from the core connection (I/O thread)

    private void onClosed(Attempt attempt, Connection connection, AmqpConnectionException reason) {
        attempt.closeReason = reason;
        if (connection != current) {
            return; // an attempt that never became current: the attempt itself reports it
        }
        current = null;
        if (closing) {
            return;
        }
        LOG.warn("Connection '" + name + "' lost: " + reason.getMessage()
                + (recoveryEnabled ? "; recovering" : "; recovery is disabled (pika.recovery.enabled=false)"));
        update(s -> s.withFailure(reason)
                .withState(recoveryEnabled ? PikaConnectionState.RECOVERING : PikaConnectionState.FAILED));
        listeners.lost(reason);
        try {
            recoveryExecutor.execute(() -> {
                listeners.fire(new PikaConnectionLostEvent(this, name, reason, 0));
                if (recoveryEnabled) {
                    connect(true);
                } else {
                    listeners.fire(new PikaConnectionFailedEvent(this, name, reason, 0));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Connection '" + name + "' lost while closing", e);
        }
    }

    private void watchBlocked(Connection connection) {
        if (connection.isClosed() || connection.isClosing()) {
            return;
        }
        connection.addOnConnectionBlockedCallback((c, blocked) -> {
            if (c != current) {
                return;
            }
            update(s -> s.withBlocked(true, blocked.reason()));
            LOG.warn("Connection '" + name + "' blocked by the broker: " + blocked.reason());
            listeners.blocked(blocked.reason());
        });
        connection.addOnConnectionUnblockedCallback((c, unblocked) -> {
            if (c != current) {
                return;
            }
            update(s -> s.withBlocked(false, null));
            LOG.info("Connection '" + name + "' unblocked by the broker");
            listeners.unblocked();
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers

    private void update(UnaryOperator<ConnectionSnapshot> change) {
        snapshot.updateAndGet(s -> s.state() == PikaConnectionState.CLOSED ? s : change.apply(s));
    }

    private ConnectionUnavailableException unavailable() {
        ConnectionSnapshot now = snapshot.get();
        PikaConnectionState state =
                now.state() == PikaConnectionState.OPEN ? PikaConnectionState.RECOVERING : now.state();
        return new ConnectionUnavailableException(name, state, now.lastFailure());
    }
}
