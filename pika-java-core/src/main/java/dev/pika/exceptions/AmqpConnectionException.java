package dev.pika.exceptions;

/**
 * A connection-level failure (Pika's {@code AMQPConnectionError}): the connection could not be opened, was lost, or
 * was closed. Thrown as such when every connection attempt of a {@code BlockingConnection} failed (the cause is the
 * last attempt's error), and passed to connection-closed callbacks as the reason.
 *
 * <p>Unchecked; immutable after construction and safe to share between threads.
 */
public class AmqpConnectionException extends AmqpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong; never a credential
     */
    public AmqpConnectionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public AmqpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
