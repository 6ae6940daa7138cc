package dev.pika.spring.connection;

import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.spring.connection.event.PikaConnectionEvent;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The listeners of one {@link PikaConnection} and its event publisher: tells each listener, logging and
 * ignoring what it throws, so that one faulty listener cannot disturb the connection or the others.
 *
 * <p>Thread-safe: the list is copy-on-write; each method runs on the thread the listener contract
 * names (the I/O thread, or the recovery thread for events).
 */
final class ConnectionListeners {

    private static final Log LOG = LogFactory.getLog(ConnectionListeners.class);

    private final PikaConnection connection;
    private final ApplicationEventPublisher eventPublisher;
    private final CopyOnWriteArrayList<PikaConnectionListener> listeners = new CopyOnWriteArrayList<>();

    ConnectionListeners(PikaConnection connection, ApplicationEventPublisher eventPublisher) {
        this.connection = connection;
        this.eventPublisher = eventPublisher;
    }

    void add(PikaConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    void remove(PikaConnectionListener listener) {
        listeners.remove(listener);
    }

    void opened(Connection amqpConnection, boolean recovered) {
        each("onOpened", listener -> listener.onOpened(connection, amqpConnection, recovered));
    }

    void lost(AmqpConnectionException cause) {
        each("onLost", listener -> listener.onLost(connection, cause));
    }

    void blocked(String reason) {
        each("onBlocked", listener -> listener.onBlocked(connection, reason));
    }

    void unblocked() {
        each("onUnblocked", listener -> listener.onUnblocked(connection));
    }

    /** Gives the event to the listeners, then publishes it to the application. */
    void fire(PikaConnectionEvent event) {
        each("onEvent(" + event + ")", listener -> listener.onEvent(event));
        if (eventPublisher != null) {
            try {
                eventPublisher.publishEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Publishing " + event + " failed", e);
            }
        }
    }

    private void each(String callback, Consumer<PikaConnectionListener> call) {
        for (PikaConnectionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("PikaConnectionListener " + listener + " failed in " + callback, e);
            }
        }
    }
}
