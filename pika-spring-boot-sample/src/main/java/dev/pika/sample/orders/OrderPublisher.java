package dev.pika.sample.orders;

import dev.pika.DeliveryMode;
import dev.pika.exceptions.AmqpException;
import dev.pika.spring.core.Message;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublisherStoppedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes accepted orders as persistent JSON messages through {@link PikaTemplate}, with publisher
 * confirms: the future completes when the broker has the order.
 *
 * <p>While the connection is lost and recovering, a send fails at once ({@code
 * ConnectionUnavailableException}), and sends in flight when it was lost fail with the connection's
 * reason. The publisher tries again every {@value #RETRY_DELAY_MILLIS} ms until {@code
 * sample.orders.publish-timeout} has passed, so a {@code POST /orders} during a short outage waits for
 * the recovery instead of failing. A retried send may duplicate an order the broker had already taken
 * (its confirm was lost with the connection); the order id travels as the message id and the listener
 * processes each id once.
 *
 * <p>Thread-safe: called from the web threads; futures complete on the connection's I/O thread, and
 * retries are scheduled on the common pool's delayed executor.
 */
@Component
public class OrderPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPublisher.class);

    static final long RETRY_DELAY_MILLIS = 250;

    private final PikaTemplate template;
    private final OrdersProperties properties;
    private final OrderStats stats;

    /**
     * @param template the starter's template
     * @param properties where orders go
     * @param stats counts accepted orders
     */
    public OrderPublisher(PikaTemplate template, OrdersProperties properties, OrderStats stats) {
        this.template = template;
        this.properties = properties;
        this.stats = stats;
    }

    /**
     * Publishes an order and waits (without blocking a thread) for the broker's confirm.
     *
     * @param order the order
     * @return completed once the broker confirmed the order (and it counts as accepted); failed with the
     *     last {@link AmqpException} when it could not be sent within {@code sample.orders.publish-timeout}
     */
    public CompletableFuture<Void> publish(Order order) {
        long deadline = System.nanoTime() + properties.publishTimeout().toNanos();
        return attempt(order, deadline, 1).thenRun(() -> stats.accepted(order.orderId()));
    }

    private CompletableFuture<Void> attempt(Order order, long deadline, int attempt) {
        return template.convertAndSend(
                        properties.exchange(), properties.routingKey(), order, message -> persistent(message, order))
                .exceptionallyCompose(failure -> {
                    Throwable cause = unwrap(failure);
                    long left = deadline - System.nanoTime();
                    if (!retryable(cause) || left < TimeUnit.MILLISECONDS.toNanos(RETRY_DELAY_MILLIS)) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    if (attempt == 1) {
                        LOG.info(
                                "Order {} not confirmed ({}); trying again for up to {}",
                                order.orderId(),
                                cause.toString(),
                                Duration.ofNanos(left).toMillis() + " ms");
                    }
                    return CompletableFuture.runAsync(
                                    () -> {},
                                    CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(order, deadline, attempt + 1));
                });
    }

    private static Message persistent(Message message, Order order) {
        return message.withProperties(message.properties().toBuilder()
                .deliveryMode(DeliveryMode.PERSISTENT)
                .messageId(order.orderId())
                .build());
    }

    /** A broker or connection failure may pass; a stopping application or a conversion error will not. */
    static boolean retryable(Throwable cause) {
        return cause instanceof AmqpException && !(cause instanceof PublisherStoppedException);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
