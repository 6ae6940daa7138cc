package dev.pika.exceptions;

/**
 * Thrown by a {@code BlockingChannel}'s consume generator (and passed to consumer callbacks of the asynchronous
 * adapters) when the broker cancelled the consumer with {@code Basic.Cancel}, for example because its queue was
 * deleted (RabbitMQ's {@code consumer_cancel_notify} capability).
 *
 * <p>Pika's {@code ConsumerCancelled}. Unchecked; immutable and safe to share between threads.
 */
public class ConsumerCancelledException extends AmqpChannelException {

    private static final long serialVersionUID = 1L;

    private final String consumerTag;

    /**
     * Creates the exception.
     *
     * @param consumerTag the tag of the consumer the broker cancelled
     */
    public ConsumerCancelledException(String consumerTag) {
        super("Server cancelled consumer " + consumerTag);
        this.consumerTag = consumerTag;
    }

    /**
     * The tag of the consumer the broker cancelled.
     *
     * @return the consumer tag
     */
    public String consumerTag() {
        return consumerTag;
    }
}
