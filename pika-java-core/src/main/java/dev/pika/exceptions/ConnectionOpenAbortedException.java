package dev.pika.exceptions;

/**
 * Thrown (or passed to the connection-closed callback) when the client closed the connection while it was still
 * opening, before {@code Connection.OpenOk}: the stream is terminated without the AMQP close handshake.
 *
 * <p>Pika's {@code ConnectionOpenAborted}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ConnectionOpenAbortedException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ConnectionOpenAbortedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectionOpenAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
