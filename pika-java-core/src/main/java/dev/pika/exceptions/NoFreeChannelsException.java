package dev.pika.exceptions;

/**
 * Thrown by {@code channel()} when every channel number up to the negotiated {@code channel_max} is in use.
 *
 * <p>Pika's {@code NoFreeChannels}. Unchecked; immutable after construction and safe to share between threads.
 */
public class NoFreeChannelsException extends AmqpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * The exception for a connection whose channel numbers 1 to {@code channelMax} are all taken.
     *
     * @param channelMax the negotiated {@code channel_max}
     * @return the exception, to throw
     */
    public static NoFreeChannelsException of(int channelMax) {
        return new NoFreeChannelsException("The connection has run out of free channels: all channel numbers 1.."
                + channelMax
                + " (the negotiated channel_max) are in use; close channels you no longer need");
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong; never a credential
     */
    public NoFreeChannelsException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong; never a credential
     * @param cause the underlying failure, or {@code null}
     */
    public NoFreeChannelsException(String message, Throwable cause) {
        super(message, cause);
    }
}
