package dev.pika.spring.connection.event;

/**
 * An open connection was lost (broker close, network failure, missed heartbeats); recovery starts next when enabled.
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaConnectionLostEvent extends PikaConnectionEvent {

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause why it was lost
     * @param attempt 0
     */
    public PikaConnectionLostEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source, connectionName, cause, attempt);
    }
}
