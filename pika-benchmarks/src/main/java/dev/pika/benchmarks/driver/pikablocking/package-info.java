/**
 * The {@code pika-blocking} driver: pika-java's procedural {@code BlockingConnection}/{@code BlockingChannel}, used
 * the way Pika's blocking programs are written.
 *
 * <ul>
 *   <li>Every connection has its own I/O thread (the adapter's design); the benchmark's threads are its application
 *       threads, one per connection: set-up calls on the caller's thread, a producer on its producer thread, a
 *       consumer on a consuming thread of its own.
 *   <li>Producers call {@code basicPublish} in a loop ({@link dev.pika.benchmarks.driver.pikablocking.BlockingPublishLoop}).
 *       The blocking API has no pipelined confirms: with a confirm window the channel is put in confirm mode and every
 *       {@code basicPublish} waits for its own confirmation (Pika's compatible form), so at most one message is
 *       unconfirmed whatever the window; a nack and a returned mandatory message arrive as {@code NackException} and
 *       {@code UnroutableException}. The unmeasured pre-fill of a drain scenario commits a transaction every window
 *       instead ({@code txSelect}/{@code txCommit}), since one round trip per message would take minutes. Mandatory
 *       returns without confirms are dispatched with {@code
 *       processDataEvents(Duration.ZERO)} every few hundred messages.
 *   <li>Consumers are {@code basicConsume} callbacks dispatched inside {@code startConsuming()}
 *       ({@link dev.pika.benchmarks.driver.pikablocking.BlockingConsumer}); acks are {@code basicAck} in the callback,
 *       or, from the benchmark's worker threads, handed to the consuming thread with {@code
 *       connection.addCallbackThreadsafe(() -> channel.basicAck(tag))} (Pika's pattern; {@code
 *       -Dpika.benchmarks.blocking.workerAcks=direct} calls {@code basicAck} on the worker thread instead, which
 *       pika-java allows). A subscription ends with {@code stopConsuming()} handed over the same way.
 * </ul>
 */
package dev.pika.benchmarks.driver.pikablocking;
