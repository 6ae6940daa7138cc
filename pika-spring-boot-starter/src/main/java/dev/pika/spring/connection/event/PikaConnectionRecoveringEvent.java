package dev.pika.spring.connection.event;

/**
 * A reconnection attempt starts (after a loss, or again after a failed attempt); the cause is the previous failure.
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaConnectionRecoveringEvent extends PikaConnectionEvent {

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause the failure that led to this attempt
     * @param attempt the attempt that starts, from 1
     */
    public PikaConnectionRecoveringEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source, connectionName, cause, attempt);
    }
}
