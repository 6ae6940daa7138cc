package dev.pika.exceptions;

/**
 * Thrown when the stream was lost or closed while the client waited for {@code Connection.Start} after sending its
 * protocol header: the server most probably does not speak AMQP 0-9-1.
 *
 * <p>Pika's {@code IncompatibleProtocolError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class IncompatibleProtocolException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public IncompatibleProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public IncompatibleProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
