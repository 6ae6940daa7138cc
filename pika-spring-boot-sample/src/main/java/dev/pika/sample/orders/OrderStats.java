package dev.pika.sample.orders;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts orders by outcome and remembers each order's status, for {@code GET /orders/stats} and {@code
 * GET /orders/{id}}, and so that a redelivered order (after a lost connection, its ack never reached
 * the broker) is recognised and not processed twice.
 *
 * <p>Counts are of distinct order ids: an order processed twice still counts once. The listener may
 * finish an order before its publisher has seen the broker's confirm, so the states are sets, not a
 * sequence: an order is {@link OrderStatus#FAILED} if it failed, else {@link OrderStatus#PROCESSED}
 * if processed, else {@link OrderStatus#ACCEPTED}.
 *
 * <p>Thread-safe without locks (the publisher's confirm callbacks, the listener's workers and the web
 * threads call it at once). Kept in memory, so a demo only: it forgets everything at a restart and grows
 * with every order.
 */
@Component
public class OrderStats {

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    /**
     * Records that the broker confirmed an order.
     *
     * @param orderId the order
     */
    public void accepted(String orderId) {
        accepted.add(orderId);
    }

    /**
     * Records that the listener processed an order.
     *
     * @param orderId the order
     * @return whether this is the first time (false for an order processed before)
     */
    public boolean processed(String orderId) {
        return processed.add(orderId);
    }

    /**
     * Records that an order was moved to the dead-letter queue.
     *
     * @param orderId the order
     * @return whether this is the first time
     */
    public boolean failed(String orderId) {
        return failed.add(orderId);
    }

    /**
     * Whether an order was processed or dead-lettered already (a redelivery).
     *
     * @param orderId the order
     * @return true when it needs no more work
     */
    public boolean isDone(String orderId) {
        return processed.contains(orderId) || failed.contains(orderId);
    }

    /**
     * The status of one order.
     *
     * @param orderId the order
     * @return its status, empty when this application never saw it
     */
    public Optional<OrderStatus> status(String orderId) {
        if (failed.contains(orderId)) {
            return Optional.of(OrderStatus.FAILED);
        }
        if (processed.contains(orderId)) {
            return Optional.of(OrderStatus.PROCESSED);
        }
        return accepted.contains(orderId) ? Optional.of(OrderStatus.ACCEPTED) : Optional.empty();
    }

    /**
     * The counts now.
     *
     * @return a snapshot
     */
    public Snapshot snapshot() {
        return new Snapshot(accepted.size(), processed.size(), failed.size());
    }

    /**
     * The counts at one moment, as {@code GET /orders/stats} answers them. Immutable.
     *
     * @param accepted orders the broker confirmed
     * @param processed orders the listener processed
     * @param failed orders moved to the dead-letter queue
     */
    public record Snapshot(long accepted, long processed, long failed) {}
}
