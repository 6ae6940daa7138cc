package dev.pika.spring.connection.event;

/**
 * The connection gave up: a fatal failure (authentication or access refused), recovery disabled, or the recovery policy ran out of attempts. Nothing more happens on its own.
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaConnectionFailedEvent extends PikaConnectionEvent {

    /**
     * Creates the event.
     *
     * @param source the connection
     * @param connectionName its name
     * @param cause the last failure
     * @param attempt the last attempt made
     */
    public PikaConnectionFailedEvent(Object source, String connectionName, Throwable cause, int attempt) {
        super(source, connectionName, cause, attempt);
    }
}
