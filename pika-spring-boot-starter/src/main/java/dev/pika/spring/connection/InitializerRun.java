package dev.pika.spring.connection;

import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs the {@link ConnectionInitializer}s on a newly opened core connection, one after the other, each
 * on the I/O thread and waited for (bounded) on the recovery thread. Tells apart a connection lost
 * meanwhile (an attempt failure, retried) from an initializer that failed on an open connection (fatal
 * at the first opening, {@link InitializationFailure}; logged after a recovery).
 *
 * <p>Used by the recovery thread only; stateless between runs.
 */
final class InitializerRun {

    private static final Log LOG = LogFactory.getLog(InitializerRun.class);

    private final PikaConnection connection;
    private final Duration timeout;
    private final Consumer<Attempt> abort;

    /**
     * @param connection the managed connection (its {@code execute} reaches the I/O thread)
     * @param timeout the bound of each initializer
     * @param abort closes an attempt's core connection
     */
    InitializerRun(PikaConnection connection, Duration timeout, Consumer<Attempt> abort) {
        this.connection = connection;
        this.timeout = timeout;
        this.abort = abort;
    }

    /**
     * Runs every initializer on the attempt's connection.
     *
     * @throws InitializationFailure an initializer failed at the first opening
     * @throws AmqpConnectionException the connection was lost meanwhile, or an initializer timed out
     * @throws CancellationException interrupted: the connection is closing
     */
    void run(Attempt attempt, List<ConnectionInitializer> initializers, boolean recovery) {
        Connection amqp = attempt.connection;
        for (ConnectionInitializer initializer : initializers) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.execute(() -> {
                try {
                    initializer.initialize(connection, amqp, recovery).whenComplete((ok, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            try {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.accept(attempt);
                throw new CancellationException("interrupted: the connection is closing");
            } catch (TimeoutException e) {
                abort.accept(attempt);
                throw new AmqpConnectionException("Initializing connection '" + connection.name() + "' (" + initializer
                        + ") did not finish within " + timeout + " (pika.declarations.timeout)");
            } catch (ExecutionException e) {
                Throwable cause = Attempt.unwrap(e.getCause());
                if (!stillOpen(attempt)) {
                    throw lostDuring(attempt, cause);
                }
                if (!recovery) {
                    abort.accept(attempt);
                    throw new InitializationFailure(cause);
                }
                LOG.error(
                        "Connection '" + connection.name() + "' recovered, but initializing it failed; going on"
                                + " without: " + cause.getMessage(),
                        cause);
            }
        }
    }

    private boolean stillOpen(Attempt attempt) {
        CompletableFuture<Boolean> open = new CompletableFuture<>();
        try {
            connection.execute(() -> open.complete(attempt.connection.isOpen()));
            return open.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted: the connection is closing");
        } catch (ExecutionException | TimeoutException | ConnectionUnavailableException e) {
            return false;
        }
    }

    /** Why the attempt's connection is gone: its close reason, else the failure seen. */
    static AmqpConnectionException lostDuring(Attempt attempt, Throwable cause) {
        AmqpConnectionException reason = attempt.closeReason;
        if (reason != null) {
            return reason;
        }
        return cause instanceof AmqpConnectionException e
                ? e
                : new AmqpConnectionException(
                        "The connection to " + attempt.address() + " was lost while opening", cause);
    }

    /** An initializer failed at the first opening: fatal, reported as its cause. */
    static final class InitializationFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InitializationFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
