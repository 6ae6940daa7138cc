package dev.pika.exceptions;

/**
 * Thrown when an operation is called on a channel in a state that does not allow it: the channel is still opening,
 * is closing or is closed.
 *
 * <p>Pika's {@code ChannelWrongStateError}. Unchecked; immutable after construction and safe to share between threads.
 */
public class ChannelWrongStateException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public ChannelWrongStateException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public ChannelWrongStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
