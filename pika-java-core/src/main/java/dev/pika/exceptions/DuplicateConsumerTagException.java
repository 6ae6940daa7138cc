package dev.pika.exceptions;

/**
 * Thrown by {@code basicConsume} when the requested consumer tag is already used by a consumer on the same channel.
 *
 * <p>Pika's {@code DuplicateConsumerTag}. Unchecked; immutable and safe to share between threads.
 */
public class DuplicateConsumerTagException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final String consumerTag;

    /**
     * Creates the exception.
     *
     * @param consumerTag the tag that is already in use
     */
    public DuplicateConsumerTagException(String consumerTag) {
        super("The consumer tag specified already exists for this channel: " + consumerTag);
        this.consumerTag = consumerTag;
    }

    /**
     * The consumer tag that is already in use.
     *
     * @return the tag
     */
    public String consumerTag() {
        return consumerTag;
    }
}
