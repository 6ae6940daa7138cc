package dev.pika.adapters.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpConnectionWorkflowFailedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Opens the {@code SelectConnection} of a {@link BlockingConnection} from its list of parameter sets with the
 * connection workflow ({@link SelectConnection#createConnection(List, BiConsumer, IoLoop)}, Pika's {@code
 * create_connection}): every set and every address in turn, {@code connectionAttempts} cycles of the last set with
 * its {@code retryDelay} between them, each attempt bounded by {@code stackTimeout}. When every attempt failed, the
 * result fails as Pika's {@code _reap_last_connection_workflow_error} does: with the last attempt's AMQP failure (e.g.
 * {@link dev.pika.exceptions.ProbableAuthenticationException}) when it had one, the earlier attempts' failures
 * attached as suppressed exceptions; otherwise (no stream could be opened) with the workflow's {@link
 * AmqpConnectionWorkflowFailedException} itself.
 *
 * <p>Confined to the loop's thread: {@link #start()} and the completion run there.
 */
final class ConnectionOpener {

    private final List<ConnectionParameters> configs;
    private final IoLoop loop;
    private final BiConsumer<Connection, AmqpConnectionException> onClose;
    private final CompletableFuture<SelectConnection> result;

    /**
     * @param configs the parameter sets, non-empty
     * @param loop the loop the connection runs on
     * @param onClose the on-close callback of the connection that opens
     * @param result completed with the open connection, or failed
     */
    ConnectionOpener(
            List<ConnectionParameters> configs,
            IoLoop loop,
            BiConsumer<Connection, AmqpConnectionException> onClose,
            CompletableFuture<SelectConnection> result) {
        this.configs = List.copyOf(configs);
        this.loop = loop;
        this.onClose = onClose;
        this.result = result;
    }

    /** Starts the workflow. The loop's thread. */
    void start() {
        SelectConnection.createConnection(
                configs,
                (connection, error) -> {
                    if (error != null) {
                        result.completeExceptionally(reap(error));
                        return;
                    }
                    connection.addOnCloseCallback(onClose);
                    result.complete(connection);
                },
                loop);
    }

    /** Pika's {@code _reap_last_connection_workflow_error}. */
    static AmqpConnectionException reap(AmqpConnectionException error) {
        if (error instanceof AmqpConnectionWorkflowFailedException failed
                && !failed.attempts().isEmpty()) {
            Throwable last = failed.attempts().get(failed.attempts().size() - 1).cause();
            if (last instanceof AmqpConnectionException amqp) {
                for (Throwable earlier : failed.getSuppressed()) {
                    if (earlier != amqp) {
                        amqp.addSuppressed(earlier);
                    }
                }
                return amqp;
            }
        }
        return error;
    }
}
