package dev.pika.sample.orders;

import dev.pika.exceptions.AmqpException;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RequeueMessageException;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RepublishMessageRecoverer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves an order that failed on every attempt to the dead-letter queue ({@code
 * sample.orders.dead-letter-queue}, through the default exchange) with the starter's {@link
 * RepublishMessageRecoverer}: the original body and properties plus the failure in headers ({@code
 * x-exception-message}, {@code x-exception-stacktrace}, {@code x-original-exchange}, {@code
 * x-original-routing-key}, {@code x-original-queue}, {@code x-listener-id}). It waits for the broker's
 * confirm, counts the order as failed and returns, and the container acknowledges the original.
 *
 * <p>Why not the broker's dead-lettering ({@code x-dead-letter-exchange})? It is RabbitMQ's; the
 * embedded Apache Qpid Broker-J ignores those arguments and redelivers a rejected message. Republishing
 * works the same on both.
 *
 * <p>If the republish is not confirmed (the connection was lost, the confirm timed out), it throws
 * {@link RequeueMessageException}: the order goes back to its queue and is tried again later, never lost
 * (the starter's recoverer alone would have it rejected without requeue, which on RabbitMQ without a
 * dead-letter exchange drops it).
 *
 * <p>Thread-safe: called on the worker thread of the last attempt; holds no mutable state of its own.
 */
@Component("deadLetterRecoverer")
public class DeadLetterRecoverer implements MessageRecoverer {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final RepublishMessageRecoverer republisher;
    private final String queue;
    private final OrderStats stats;

    /**
     * @param template publishes to the dead-letter queue
     * @param properties names the dead-letter queue; {@code publish-timeout} bounds the wait for the confirm
     * @param stats counts failed orders
     */
    public DeadLetterRecoverer(PikaTemplate template, OrdersProperties properties, OrderStats stats) {
        this.queue = properties.deadLetterQueue();
        this.republisher = new RepublishMessageRecoverer(template, "", queue);
        this.republisher.setPublishTimeout(properties.publishTimeout());
        this.stats = stats;
    }

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        if (cause instanceof RequeueMessageException requeue) {
            throw requeue;
        }
        try {
            republisher.recover(delivery, listenerId, cause);
        } catch (AmqpException e) {
            throw new RequeueMessageException(
                    "Could not move the failed message to " + queue + " (" + e + "); requeueing it", e);
        }
        String orderId = delivery.properties().messageId() != null
                ? delivery.properties().messageId()
                : "(no message id)";
        stats.failed(orderId);
        LOG.info("Order {} failed on every attempt and was moved to {}: {}", orderId, queue, cause.getMessage());
    }
}
