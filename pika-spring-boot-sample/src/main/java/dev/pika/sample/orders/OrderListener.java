package dev.pika.sample.orders;

import dev.pika.spring.annotation.ListenerRetry;
import dev.pika.spring.annotation.PikaListener;
import dev.pika.spring.listener.RequeueMessageException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Processes orders from {@code sample.orders.queue}. The work is deliberately slow ({@code
 * sample.orders.processing-time}, 5 s by default, more than two heartbeat intervals of the sample's 2 s
 * heartbeat): it runs on the listener container's worker pool ({@code sample.orders.concurrency}
 * threads), never on the connection's I/O thread, so heartbeats and the acks of other orders keep
 * flowing while it works.
 *
 * <p>An order with a quantity of zero or less throws {@link InvalidOrderException}; the container calls
 * the method again as {@code pika.listener.retry.*} says, then hands the order to the {@link
 * DeadLetterRecoverer}, which moves it to the dead-letter queue. A redelivered order that was already
 * processed (its ack was lost with the connection) is acknowledged without being processed again.
 *
 * <p>Thread-safe: the workers call {@link #process(Order)} concurrently; the bean holds no mutable state
 * of its own.
 */
@Component
public class OrderListener {

    private static final Logger LOG = LoggerFactory.getLogger(OrderListener.class);

    private final OrderStats stats;
    private final Duration processingTime;

    /**
     * @param stats records processed orders
     * @param properties gives the processing time
     */
    public OrderListener(OrderStats stats, OrdersProperties properties) {
        this.stats = stats;
        this.processingTime = properties.processingTime();
    }

    /**
     * Validates and processes one order.
     *
     * @param order the order, read from the message's JSON
     * @throws InvalidOrderException when the quantity is zero or less (retried, then dead-lettered)
     * @throws RequeueMessageException when the application stops in the middle of the work: the order
     *     goes back to the queue for the next run
     */
    @PikaListener(
            id = "orders",
            queues = "${sample.orders.queue:orders}",
            concurrency = "${sample.orders.concurrency:8}",
            prefetch = "${sample.orders.prefetch:16}",
            retry = @ListenerRetry(recoverer = "deadLetterRecoverer"))
    public void process(Order order) {
        if (stats.isDone(order.orderId())) {
            LOG.info("Order {} was redelivered but is done already; acknowledging it", order.orderId());
            return;
        }
        if (order.quantity() <= 0) {
            throw new InvalidOrderException(order.orderId(), "quantity must be at least 1, was " + order.quantity());
        }
        work(order);
        if (stats.processed(order.orderId())) {
            LOG.debug("Processed order {}: {} x {}", order.orderId(), order.quantity(), order.product());
        }
    }

    private void work(Order order) {
        try {
            Thread.sleep(processingTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequeueMessageException(
                    "Processing of order " + order.orderId() + " was interrupted (the application is stopping)", e);
        }
    }
}
