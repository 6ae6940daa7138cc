package dev.pika.adapters.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.internal.EngineLogger;
import dev.pika.io.TimerReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Opens the {@code SelectConnection} of a {@link BlockingConnection} from its list of parameter sets, in order, as
 * Pika's connection workflow does for {@code BlockingConnection([params1, params2, ...])}: each set in turn, then a
 * new cycle after the last set's {@code retryDelay}, for the last set's {@code connectionAttempts} cycles; each
 * attempt bounded by its set's {@code stackTimeout} (TCP, TLS and AMQP handshake). The first connection that opens
 * wins; when every attempt failed, the result fails with the last attempt's error, the earlier ones attached as
 * suppressed exceptions (Pika's {@code _reap_last_connection_workflow_error}).
 *
 * <p>This is the one place that knows how a blocking connection is opened: when {@code
 * SelectConnection.createConnection(List<ConnectionParameters>, ...)} (the full workflow, also trying every resolved
 * address) is available, this class delegates to it.
 *
 * <p>Confined to the loop's thread: {@link #start()} and every callback run there.
 */
final class ConnectionOpener {

    private static final EngineLogger LOG = EngineLogger.get(BlockingConnection.class);

    private final List<ConnectionParameters> configs;
    private final IoLoop loop;
    private final BiConsumer<Connection, AmqpConnectionException> onClose;
    private final CompletableFuture<SelectConnection> result;
    private final List<AmqpConnectionException> errors = new ArrayList<>();
    private int cycle = 1;
    private int index;
    private TimerReference stackTimer;
    private boolean stackTimedOut;

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

    /** Starts the first attempt. The loop's thread. */
    void start() {
        attempt();
    }

    private void attempt() {
        ConnectionParameters params = configs.get(index);
        LOG.debug(
                "BlockingConnection: connecting to {}:{} (parameter set {} of {}, cycle {})",
                params.host(),
                params.port(),
                index + 1,
                configs.size(),
                cycle);
        stackTimedOut = false;
        SelectConnection connection = new SelectConnection(params, this::onOpen, this::onOpenError, onClose, loop);
        stackTimer = params.stackTimeout()
                .map(timeout -> loop.callLater(timeout, () -> onStackTimeout(connection, timeout)))
                .orElse(null);
    }

    private void onOpen(Connection connection) {
        cancelStackTimer();
        result.complete((SelectConnection) connection);
    }

    private void onStackTimeout(SelectConnection connection, Duration timeout) {
        stackTimer = null;
        stackTimedOut = true;
        try {
            connection.close();
        } catch (ConnectionWrongStateException e) {
            LOG.debug("BlockingConnection: attempt already ending at its stack timeout: {}", e.getMessage());
        }
    }

    private void onOpenError(Connection connection, AmqpConnectionException error) {
        cancelStackTimer();
        ConnectionParameters params = configs.get(index);
        AmqpConnectionException failure = error;
        if (stackTimedOut) {
            failure = new AmqpConnectionException(
                    "Connection to " + params.host() + ":" + params.port() + " did not open within stackTimeout ("
                            + params.stackTimeout().orElseThrow() + ": TCP, TLS and AMQP handshake)",
                    error);
        }
        LOG.warn("BlockingConnection: connection attempt to {}:{} failed: {}", params.host(), params.port(), failure);
        errors.add(failure);
        index++;
        if (index < configs.size()) {
            attempt();
            return;
        }
        ConnectionParameters last = configs.get(configs.size() - 1);
        if (cycle >= last.connectionAttempts()) {
            fail();
            return;
        }
        cycle++;
        index = 0;
        loop.callLater(last.retryDelay(), this::attempt);
    }

    private void fail() {
        AmqpConnectionException lastError = errors.get(errors.size() - 1);
        for (AmqpConnectionException earlier : errors.subList(0, errors.size() - 1)) {
            if (earlier != lastError) {
                lastError.addSuppressed(earlier);
            }
        }
        result.completeExceptionally(lastError);
    }

    private void cancelStackTimer() {
        if (stackTimer != null) {
            stackTimer.cancel();
            stackTimer = null;
        }
    }
}
