/**
 * The {@code pika-blocking} driver: pika-java's procedural {@code BlockingConnection}/{@code BlockingChannel}, used
 * the way Pika's blocking programs are written.
 *
 * <ul>
 *   <li>Every connection has its own I/O thread (the adapter's design); the benchmark's threads are its application
 *       threads, one per connection: set-up calls on the caller's thread, a producer on its producer thread, a
 *       consumer on a consuming thread of its own.
 *   <li>Producers call {@code basicPublish} in a loop ({@link dev.pika.benchmarks.driver.pikablocking.BlockingPublishLoop}).
 *       With confirms the channel is put in confirm mode. A confirm window of 1 keeps Pika's compatible form: every
 *       {@code basicPublish} waits for its own confirmation, and a nack and a returned mandatory message arrive as
 *       {@code NackException} and {@code UnroutableException}. A larger window (the unmeasured pre-fill of a drain
 *       scenario included) uses the pipelined form: {@code basicPublishConfirmed} returns the message's future at
 *       once, the harness's window bounds the unconfirmed messages, and each future settles its message when it
 *       completes (on the connection's I/O thread; a nack and a return fail it with the same two exceptions).
 *       Returns are dispatched with {@code processDataEvents(Duration.ZERO)} every few hundred messages (without
 *       confirms the return callback counts them then).
 *   <li>Consumers are {@code basicConsume} callbacks dispatched inside {@code startConsuming()}
 *       ({@link dev.pika.benchmarks.driver.pikablocking.BlockingConsumer}); acks are {@code basicAck} in the callback,
 *       or, from the benchmark's worker threads, handed to the consuming thread with {@code
 *       connection.addCallbackThreadsafe(() -> channel.basicAck(tag))} (Pika's pattern; {@code
 *       -Dpika.benchmarks.blocking.workerAcks=direct} calls {@code basicAck} on the worker thread instead, which
 *       pika-java allows). A subscription ends with {@code stopConsuming()} handed over the same way.
 * </ul>
 */
package dev.pika.benchmarks.driver.pikablocking;
