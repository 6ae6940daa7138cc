/**
 * Drivers for the RabbitMQ Java client ({@code com.rabbitmq:amqp-client}), the comparison's baseline:
 * {@code amqp-client} on its classic blocking socket I/O (a reader thread per connection) and
 * {@code amqp-client-netty} on its Netty transport (one event loop group shared by the run's connections).
 *
 * <p>Both are used the way that client's users use it: producers call {@code basicPublish} on their own thread,
 * confirms arrive through a {@code ConfirmListener}, consumers are {@code DefaultConsumer}s dispatched on the client's
 * consumer work pool, and acks (also from worker threads) are {@code channel.basicAck}. Automatic recovery is off.
 */
package dev.pika.benchmarks.driver.amqpclient;
