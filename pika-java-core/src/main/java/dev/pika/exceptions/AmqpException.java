package dev.pika.exceptions;

/**
 * The root of every AMQP error pika-java reports (Pika's {@code AMQPError}). Catch it to handle any failure of the
 * client that concerns the protocol, a connection or a channel.
 *
 * <p>Unchecked; immutable after construction and safe to share between threads.
 */
public class AmqpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, for humans; never a credential
     */
    public AmqpException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause that led to it.
     *
     * @param message what went wrong, for humans; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public AmqpException(String message, Throwable cause) {
        super(message, cause);
    }
}
