package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;

/**
 * A message delivered to a consumer, as the consume iterator of {@link BlockingChannel#consume} yields it (Pika's
 * {@code (method, properties, body)} tuple): the {@code Basic.Deliver} method (consumer tag, delivery tag, redelivered
 * flag, exchange, routing key), the properties and the body. {@link #empty()} is what the iterator yields after its
 * inactivity timeout, where Pika yields {@code (None, None, None)}.
 *
 * <p>A plain carrier, safe to hand to other threads: the method and the properties are immutable; the body array is
 * the receiver's (the client neither copies nor reuses it).
 *
 * @param method the {@code Basic.Deliver} method, {@code null} for {@link #empty()}
 * @param properties the message properties ({@link BasicProperties#EMPTY} when none), {@code null} for {@link
 *     #empty()}
 * @param body the message body, {@code null} for {@link #empty()}
 */
public record Delivery(Basic.Deliver method, BasicProperties properties, byte[] body) {

    private static final Delivery EMPTY = new Delivery(null, null, null);

    /**
     * Checks that the components are all set (a message) or all {@code null} (inactivity).
     *
     * @param method the {@code Basic.Deliver}, or {@code null}
     * @param properties the properties, or {@code null}
     * @param body the body, or {@code null}
     * @throws IllegalArgumentException when only some are {@code null}
     */
    public Delivery {
        if ((method == null) != (properties == null) || (method == null) != (body == null)) {
            throw new IllegalArgumentException(
                    "method, properties and body must be all set (a message) or all null (inactivity)");
        }
    }

    /**
     * What the consume iterator yields when no message arrived within its inactivity timeout.
     *
     * @return the shared empty delivery
     */
    public static Delivery empty() {
        return EMPTY;
    }

    /**
     * Whether this is the inactivity marker rather than a message.
     *
     * @return {@code true} for {@link #empty()}
     */
    public boolean isEmpty() {
        return method == null;
    }

    /**
     * The delivery tag, to acknowledge the message: {@code channel.basicAck(delivery.deliveryTag())}.
     *
     * @return {@code method().deliveryTag()}
     * @throws IllegalStateException for {@link #empty()}
     */
    public long deliveryTag() {
        if (method == null) {
            throw new IllegalStateException("an empty Delivery (inactivity timeout) has no delivery tag");
        }
        return method.deliveryTag();
    }

    @Override
    public String toString() {
        return isEmpty()
                ? "Delivery[empty]"
                : "Delivery[method=" + method + ", properties=" + properties + ", body=" + body.length + " bytes]";
    }
}
