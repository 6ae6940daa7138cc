package dev.pika.exceptions;

/**
 * Thrown when an operation is called on a connection in a state that does not allow it, for example
 * {@code channel()} on a closing or closed connection.
 *
 * <p>Pika's {@code ConnectionWrongStateError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ConnectionWrongStateException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ConnectionWrongStateException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectionWrongStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
