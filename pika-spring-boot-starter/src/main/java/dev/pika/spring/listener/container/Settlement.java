package dev.pika.spring.listener.container;

/**
 * How one delivery is settled with the broker: acknowledged, or negatively acknowledged with or without
 * requeue.
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum Settlement {

    /** {@code basic.ack}: processed. */
    ACK,

    /** {@code basic.nack(requeue=true)}: back to the queue. */
    REQUEUE,

    /** {@code basic.nack(requeue=false)}: dead-lettered by the broker, or dropped when the queue has no DLX. */
    DISCARD
}
