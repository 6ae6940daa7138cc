package dev.pika.connection;

import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.internal.EngineLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The application callbacks registered on a connection, each list called in registration order. A callback that
 * throws is logged and the others still run: application code cannot break the connection's state machine.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class ConnectionCallbacks {

    private static final EngineLogger LOG = EngineLogger.get(Connection.class);

    private final List<Consumer<Connection>> open = new ArrayList<>(1);
    private final List<BiConsumer<Connection, AmqpConnectionException>> openError = new ArrayList<>(1);
    private final List<BiConsumer<Connection, AmqpConnectionException>> close = new ArrayList<>(1);
    private final List<BiConsumer<Connection, dev.pika.spec.Connection.Blocked>> blocked = new ArrayList<>(1);
    private final List<BiConsumer<Connection, dev.pika.spec.Connection.Unblocked>> unblocked = new ArrayList<>(1);
    private final List<Consumer<Connection>> drained = new ArrayList<>(1);

    void addOpen(Consumer<Connection> callback) {
        open.add(callback);
    }

    void addOpenError(BiConsumer<Connection, AmqpConnectionException> callback) {
        openError.add(callback);
    }

    void addClose(BiConsumer<Connection, AmqpConnectionException> callback) {
        close.add(callback);
    }

    void addBlocked(BiConsumer<Connection, dev.pika.spec.Connection.Blocked> callback) {
        blocked.add(callback);
    }

    void addUnblocked(BiConsumer<Connection, dev.pika.spec.Connection.Unblocked> callback) {
        unblocked.add(callback);
    }

    void addDrained(Consumer<Connection> callback) {
        drained.add(callback);
    }

    void fireOpen(Connection connection) {
        for (Consumer<Connection> callback : List.copyOf(open)) {
            try {
                callback.accept(connection);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-open callback of connection " + connection.name(), e);
            }
        }
    }

    void fireOpenError(Connection connection, AmqpConnectionException error) {
        if (openError.isEmpty()) {
            LOG.warn(
                    "Connection " + connection.name() + " could not be opened and no on-open-error callback is"
                            + " registered",
                    error);
            return;
        }
        for (BiConsumer<Connection, AmqpConnectionException> callback : List.copyOf(openError)) {
            try {
                callback.accept(connection, error);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-open-error callback of connection " + connection.name(), e);
            }
        }
    }

    void fireClose(Connection connection, AmqpConnectionException reason) {
        for (BiConsumer<Connection, AmqpConnectionException> callback : List.copyOf(close)) {
            try {
                callback.accept(connection, reason);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-close callback of connection " + connection.name(), e);
            }
        }
    }

    void fireBlocked(Connection connection, dev.pika.spec.Connection.Blocked method) {
        for (BiConsumer<Connection, dev.pika.spec.Connection.Blocked> callback : List.copyOf(blocked)) {
            try {
                callback.accept(connection, method);
            } catch (RuntimeException e) {
                LOG.callbackFailed("connection-blocked callback of connection " + connection.name(), e);
            }
        }
    }

    void fireUnblocked(Connection connection, dev.pika.spec.Connection.Unblocked method) {
        for (BiConsumer<Connection, dev.pika.spec.Connection.Unblocked> callback : List.copyOf(unblocked)) {
            try {
                callback.accept(connection, method);
            } catch (RuntimeException e) {
                LOG.callbackFailed("connection-unblocked callback of connection " + connection.name(), e);
            }
        }
    }

    void fireDrained(Connection connection) {
        for (Consumer<Connection> callback : List.copyOf(drained)) {
            try {
                callback.accept(connection);
            } catch (RuntimeException e) {
                LOG.callbackFailed("write-buffer-drained callback of connection " + connection.name(), e);
            }
        }
    }
}
