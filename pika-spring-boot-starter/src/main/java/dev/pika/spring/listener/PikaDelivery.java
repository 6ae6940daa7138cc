package dev.pika.spring.listener;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.core.Message;
import java.util.Objects;

/**
 * One message delivered to a listener: the {@code basic.deliver} method frame, the properties and the
 * body, and the queue it was consumed from. This is what a {@link PikaMessageListener} receives, and
 * what a {@link dev.pika.spring.listener.retry.MessageRecoverer} is given after the last attempt.
 *
 * <p>Immutable and thread-safe as far as the record goes; the body array is shared, not copied (the
 * decoder hands it over once), so code that receives it must not modify it.
 *
 * @param deliver the method frame: consumer tag, delivery tag, redelivered flag, exchange, routing key
 * @param properties the message properties, never {@code null}
 * @param body the body, never {@code null}
 * @param queue the queue the listener consumed it from
 */
public record PikaDelivery(Basic.Deliver deliver, BasicProperties properties, byte[] body, String queue) {

    /** Checks the components; {@code null} properties become {@link BasicProperties#EMPTY}. */
    public PikaDelivery {
        Objects.requireNonNull(deliver, "deliver must not be null");
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(queue, "queue must not be null");
        properties = properties == null ? BasicProperties.EMPTY : properties;
    }

    /**
     * The delivery tag, valid only on the channel the message arrived on.
     *
     * @return the delivery tag
     */
    public long deliveryTag() {
        return deliver.deliveryTag();
    }

    /**
     * Whether the broker delivered this message before (to this or another consumer).
     *
     * @return the redelivered flag
     */
    public boolean redelivered() {
        return deliver.redelivered();
    }

    /**
     * The body and properties as the template's {@link Message}.
     *
     * @return a message sharing this delivery's body
     */
    public Message message() {
        return new Message(body, properties);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "PikaDelivery[queue=" + queue + ", deliveryTag=" + deliver.deliveryTag() + ", redelivered="
                + deliver.redelivered() + ", exchange=" + deliver.exchange() + ", routingKey="
                + deliver.routingKey() + ", bodySize=" + body.length + "]";
    }
}
