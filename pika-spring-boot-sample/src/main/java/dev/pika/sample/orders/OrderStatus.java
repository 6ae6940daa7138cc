package dev.pika.sample.orders;

/**
 * Where an order is, as {@code GET /orders/{id}} reports it.
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum OrderStatus {
    /** The broker confirmed the order; it waits in the queue or is being processed. */
    ACCEPTED,
    /** The listener processed it. */
    PROCESSED,
    /** It failed on every attempt and was moved to the dead-letter queue. */
    FAILED
}
