package dev.pika.spring.connection.event;

/**
 * The connection was re-established after a loss: declarations ran again, listeners were told to reopen their channels.
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaConnectionRecoveredEvent extends PikaConnectionEvent {

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause {@code null}
     * @param attempt the attempt that succeeded
     */
    public PikaConnectionRecoveredEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source, connectionName, cause, attempt);
    }
}
