package dev.pika.exceptions;

/**
 * Thrown when a channel number outside {@code 1..channel_max} is requested, for example
 * {@code connection.channel(0)} or a number above the negotiated {@code channel_max}.
 *
 * <p>Pika's {@code InvalidChannelNumber}. Unchecked; immutable and safe to share between threads.
 */
public class InvalidChannelNumberException extends AmqpException {

    private static final long serialVersionUID = 1L;

    private final int channelNumber;

    /**
     * Creates the exception.
     *
     * @param channelNumber the invalid number
     * @param message why it is invalid and what is valid
     */
    public InvalidChannelNumberException(int channelNumber, String message) {
        super(message);
        this.channelNumber = channelNumber;
    }

    /**
     * The number is outside {@code 1..channelMax}.
     *
     * @param channelNumber the requested number
     * @param channelMax the negotiated {@code channel_max}
     * @return the exception, to throw
     */
    public static InvalidChannelNumberException outOfRange(int channelNumber, int channelMax) {
        return new InvalidChannelNumberException(
                channelNumber,
                "An invalid channel number has been specified: " + channelNumber + "; use a number from 1 to "
                        + channelMax + " (the negotiated channel_max), or let the connection choose one");
    }

    /**
     * The invalid channel number.
     *
     * @return the number that was requested
     */
    public int channelNumber() {
        return channelNumber;
    }
}
