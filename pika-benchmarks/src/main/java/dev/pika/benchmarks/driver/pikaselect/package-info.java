/**
 * The {@code pika-select} driver: pika-java's asynchronous {@code SelectConnection} on {@code IoLoop} threads, used
 * the way that API's users write it.
 *
 * <ul>
 *   <li>Connections share a small pool of loops ({@link dev.pika.benchmarks.driver.pikaselect.LoopPool}: one per
 *       core unless {@code -Dpika.benchmarks.select.loops=N}); every connection is driven by one loop thread, and
 *       everything it does happens there.
 *   <li>Producers publish from the benchmark's producer threads: each message goes into a single-producer ring and
 *       the loop drains the ring in batches ({@link dev.pika.benchmarks.driver.pikaselect.PublishHandOff}); the
 *       producer hands the loop one {@code addCallbackThreadsafe} task per batch, not per message, and waits when the
 *       ring is full or the connection is not writable (backpressure). Confirms arrive through the channel's
 *       {@code confirmDelivery} ack/nack callback and are matched by the publish sequence number. With
 *       {@code -Dpika.benchmarks.select.publisher=loop} the producer's loop runs on the {@code IoLoop} instead
 *       ({@link dev.pika.benchmarks.driver.pikaselect.LoopPublisher}), restarted by the confirm callback, a
 *       {@code callLater} timer for the rate and the write-buffer-drained callback: Pika's asynchronous publisher,
 *       without the hand-off from the producer thread (see BENCHMARKS.md for what that changes). The client
 *       {@code pika-select-loop} ({@link dev.pika.benchmarks.driver.pikaselect.PikaSelectLoopDriver}) always
 *       publishes that way, so that one comparison shows both.
 *   <li>Consumers are {@code basicConsume} callbacks on the loop; acks are {@code basicAck} on the loop, or, from
 *       worker threads, handed to the loop with {@code addCallbackThreadsafe}.
 * </ul>
 */
package dev.pika.benchmarks.driver.pikaselect;
