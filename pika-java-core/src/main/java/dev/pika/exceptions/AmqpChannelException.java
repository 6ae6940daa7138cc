package dev.pika.exceptions;

/**
 * A channel-level failure: the channel was closed or is unusable for the requested operation. The connection
 * itself is still usable unless a connection exception says otherwise.
 *
 * <p>Pika's {@code AMQPChannelError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class AmqpChannelException extends AmqpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public AmqpChannelException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public AmqpChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
