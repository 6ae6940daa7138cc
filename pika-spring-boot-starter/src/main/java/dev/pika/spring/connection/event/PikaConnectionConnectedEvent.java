package dev.pika.spring.connection.event;

/**
 * The connection opened for the first time (declarations done).
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaConnectionConnectedEvent extends PikaConnectionEvent {

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause {@code null}
     * @param attempt the attempt that succeeded
     */
    public PikaConnectionConnectedEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source, connectionName, cause, attempt);
    }
}
