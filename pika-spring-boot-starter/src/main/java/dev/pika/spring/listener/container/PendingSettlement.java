package dev.pika.spring.listener.container;

/**
 * One settlement on its way from a worker to the I/O thread.
 *
 * <p>Immutable and thread-safe.
 *
 * @param session the channel generation the delivery arrived on
 * @param deliveryTag the tag on that channel
 * @param settlement the outcome
 */
record PendingSettlement(ConsumerSession session, long deliveryTag, Settlement settlement) {}
