package dev.pika.exceptions;

/**
 * A misuse of a channel by the application that the channel detects before anything is sent (Pika's
 * {@code ChannelError}). Like Pika's, it does not derive from {@link AmqpException}: it is a programming error, not an
 * AMQP failure.
 *
 * <p>Unchecked; immutable and safe to share between threads.
 */
public class ChannelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the application did wrong and how to fix it
     */
    public ChannelException(String message) {
        super(message);
    }
}
