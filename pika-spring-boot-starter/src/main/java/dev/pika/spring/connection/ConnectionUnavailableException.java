package dev.pika.spring.connection;

import dev.pika.exceptions.AmqpConnectionException;

/**
 * The connection is not open right now (connecting, recovering, failed or closed), so the operation
 * was refused at once instead of waiting. Carries the state and, as the cause, the last failure.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class ConnectionUnavailableException extends AmqpConnectionException {

    private final String connectionName;
    private final PikaConnectionState state;

    /**
     * Creates the exception.
     *
     * @param connectionName the connection's name
     * @param state its state
     * @param lastFailure why it is not open, or {@code null}
     */
    public ConnectionUnavailableException(String connectionName, PikaConnectionState state, Throwable lastFailure) {
        super(
                "Connection '" + connectionName + "' is not open (state " + state + ")"
                        + (lastFailure == null ? "" : ": " + lastFailure.getMessage()),
                lastFailure);
        this.connectionName = connectionName;
        this.state = state;
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String connectionName() {
        return connectionName;
    }

    /**
     * The connection's state when the operation was refused.
     *
     * @return the state
     */
    public PikaConnectionState state() {
        return state;
    }
}
