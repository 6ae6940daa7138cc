package dev.pika.sample.orders;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted order, as it travels through the broker (JSON, written and read by the starter's
 * Jackson message converter).
 *
 * <p>Immutable and thread-safe.
 *
 * @param orderId the id given when the order was accepted; also the message id, so that the listener
 *     recognises a redelivered order
 * @param product the product
 * @param quantity the quantity as requested (not checked until processing)
 * @param acceptedAt when {@code POST /orders} accepted it
 */
public record Order(String orderId, String product, int quantity, Instant acceptedAt) {

    /** Checks the components that must be there. */
    public Order {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(product, "product must not be null");
        Objects.requireNonNull(acceptedAt, "acceptedAt must not be null");
    }
}
