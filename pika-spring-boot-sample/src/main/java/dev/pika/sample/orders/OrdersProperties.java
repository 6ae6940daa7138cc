package dev.pika.sample.orders;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, {@code sample.orders.*} (the broker, listener and retry settings are the
 * starter's {@code pika.*}). Every name and default is shown, with comments, in {@code application.yml}.
 *
 * <p>Immutable and thread-safe: bound once at start-up.
 *
 * @param exchange the direct exchange orders are published to
 * @param routingKey the routing key of every order, binding {@code queue} to {@code exchange}
 * @param queue the queue the listener consumes
 * @param deadLetterQueue the queue failed orders are republished to, with the failure in headers
 * @param processingTime how long processing one order takes (the deliberately slow work); by default
 *     longer than two heartbeat intervals, to show that slow listeners keep their connection
 * @param concurrency worker threads processing orders
 * @param prefetch orders the broker may deliver ahead of processing, at least {@code concurrency}
 * @param publishTimeout how long {@code POST /orders} may wait for the broker's confirm, including
 *     waiting for a lost connection to recover, before answering 503
 */
@ConfigurationProperties("sample.orders")
public record OrdersProperties(
        @DefaultValue("orders") String exchange,
        @DefaultValue("order.created") String routingKey,
        @DefaultValue("orders") String queue,
        @DefaultValue("orders.dlq") String deadLetterQueue,
        @DefaultValue("5s") Duration processingTime,
        @DefaultValue("8") int concurrency,
        @DefaultValue("16") int prefetch,
        @DefaultValue("20s") Duration publishTimeout) {

    /** Checks the values, naming the property to fix. */
    public OrdersProperties {
        requireText(exchange, "exchange");
        requireText(routingKey, "routing-key");
        requireText(queue, "queue");
        requireText(deadLetterQueue, "dead-letter-queue");
        Objects.requireNonNull(processingTime, "sample.orders.processing-time must be set");
        Objects.requireNonNull(publishTimeout, "sample.orders.publish-timeout must be set");
        if (processingTime.isNegative()) {
            throw new IllegalArgumentException(
                    "sample.orders.processing-time must not be negative, was " + processingTime);
        }
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "sample.orders.publish-timeout must be positive (e.g. 20s), was " + publishTimeout);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("sample.orders.concurrency must be at least 1, was " + concurrency);
        }
        if (prefetch < concurrency) {
            throw new IllegalArgumentException("sample.orders.prefetch (" + prefetch
                    + ") must be at least sample.orders.concurrency (" + concurrency + ")");
        }
        if (queue.equals(deadLetterQueue)) {
            throw new IllegalArgumentException(
                    "sample.orders.dead-letter-queue must differ from sample.orders.queue, both are " + queue);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("sample.orders." + name + " must not be blank");
        }
    }
}
