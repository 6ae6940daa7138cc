package dev.pika.sample.orders;

import dev.pika.BasicProperties;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RequeueMessageException;
import dev.pika.spring.listener.retry.MessageRecoverer;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves an order that failed on every attempt to the dead-letter queue ({@code
 * sample.orders.dead-letter-queue}, through the default exchange): the original body and properties,
 * plus headers saying what failed and where it came from. It waits for the broker's confirm, then
 * returns, and the container acknowledges the original.
 *
 * <p>Why not the broker's dead-lettering ({@code x-dead-letter-exchange})? It is RabbitMQ's; the
 * embedded Apache Qpid Broker-J ignores those arguments and redelivers a rejected message. Republishing
 * works the same on both.
 *
 * <p>If the republish is not confirmed (the connection was lost, the confirm timed out), it throws
 * {@link RequeueMessageException}: the order goes back to its queue and is tried again later, never lost.
 * A {@code RequeueMessageException} from the listener itself is passed on unchanged.
 *
 * <p>Thread-safe: called on the worker thread of the last attempt; holds no mutable state.
 */
@Component("deadLetterRecoverer")
public class DeadLetterRecoverer implements MessageRecoverer {

    /** The exception's class name. */
    public static final String EXCEPTION_TYPE = "x-exception-type";
    /** The exception's message (and its causes'), at most {@value #MAX_MESSAGE_LENGTH} characters. */
    public static final String EXCEPTION_MESSAGE = "x-exception-message";
    /** The queue the order was consumed from. */
    public static final String ORIGINAL_QUEUE = "x-original-queue";
    /** The exchange the order was published to. */
    public static final String ORIGINAL_EXCHANGE = "x-original-exchange";
    /** The routing key the order was published with. */
    public static final String ORIGINAL_ROUTING_KEY = "x-original-routing-key";
    /** The id of the listener that failed. */
    public static final String LISTENER_ID = "x-listener-id";
    /** When the order was dead-lettered, ISO-8601. */
    public static final String FAILED_AT = "x-failed-at";

    static final int MAX_MESSAGE_LENGTH = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final PikaTemplate template;
    private final OrdersProperties properties;
    private final OrderStats stats;

    /**
     * @param template publishes to the dead-letter queue
     * @param properties names the dead-letter queue and the confirm timeout
     * @param stats counts failed orders
     */
    public DeadLetterRecoverer(PikaTemplate template, OrdersProperties properties, OrderStats stats) {
        this.template = template;
        this.properties = properties;
        this.stats = stats;
    }

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        if (cause instanceof RequeueMessageException requeue) {
            throw requeue;
        }
        BasicProperties original = delivery.properties();
        BasicProperties withFailure = original.toBuilder()
                .header(EXCEPTION_TYPE, cause.getClass().getName())
                .header(EXCEPTION_MESSAGE, describe(cause))
                .header(ORIGINAL_QUEUE, delivery.queue())
                .header(ORIGINAL_EXCHANGE, delivery.deliver().exchange())
                .header(ORIGINAL_ROUTING_KEY, delivery.deliver().routingKey())
                .header(LISTENER_ID, listenerId)
                .header(FAILED_AT, Instant.now().toString())
                .build();
        String queue = properties.deadLetterQueue();
        try {
            template.send("", queue, delivery.body(), withFailure)
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequeueMessageException("Interrupted while moving the message to " + queue, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            throw new RequeueMessageException(
                    "Could not move the failed message to " + queue + " (" + why + "); requeueing it", why);
        }
        String orderId = original.messageId() != null ? original.messageId() : "(no message id)";
        stats.failed(orderId);
        LOG.warn(
                "Order {} failed on listener '{}' and was moved to {}: {}",
                orderId,
                listenerId,
                queue,
                cause.toString());
    }

    /** The message of the failure and its causes, bounded in length. */
    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null && text.length() < MAX_MESSAGE_LENGTH; t = t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t == cause ? String.valueOf(t.getMessage()) : t.toString());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.length() <= MAX_MESSAGE_LENGTH ? text.toString() : text.substring(0, MAX_MESSAGE_LENGTH);
    }
}
