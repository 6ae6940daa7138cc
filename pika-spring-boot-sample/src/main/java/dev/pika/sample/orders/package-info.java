/**
 * The order-processing sample application: the HTTP API ({@link dev.pika.sample.orders.OrderController}),
 * confirmed publishing ({@link dev.pika.sample.orders.OrderPublisher}), the slow {@code @PikaListener}
 * ({@link dev.pika.sample.orders.OrderListener}), the dead-letter path ({@link
 * dev.pika.sample.orders.DeadLetterRecoverer}), the broker topology ({@link
 * dev.pika.sample.orders.OrdersTopology}) and the counts ({@link dev.pika.sample.orders.OrderStats}).
 */
package dev.pika.sample.orders;
