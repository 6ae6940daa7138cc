/**
 * The {@code pika-listener} driver: the Spring Boot starter's listener container
 * ({@code dev.pika.spring.listener.container.DefaultPikaListenerContainer}) on the consumer side, created
 * programmatically the way the starter's auto-configuration does, without a Spring context.
 *
 * <ul>
 *   <li>Each consumer is one container on its own {@code PikaConnectionFactory} connection: one channel, {@code basic.qos}
 *       with the run's prefetch, the I/O loop handing each delivery to the container's worker pool of
 *       {@code -Dpika.benchmarks.listener.concurrency=N} threads (default 1), where the benchmark records it.
 *   <li>Auto-ack ({@code -a}) maps to {@code AckMode.NONE}; manual acks map to {@code AckMode.AUTO}: the container
 *       acks each delivery once the listener returns, coalescing contiguous settled tags into one {@code basic.ack
 *       multiple=true} per loop turn. PerfTest's multiple-ack flag ({@code -A}) therefore has no meaning for this
 *       client and changes nothing: the container decides its ack frames itself (a run of settled tags per drain of
 *       its settlement queue), which is what the listener's users get.
 *   <li>{@code --ack-threads N} runs the container with {@code N} workers (the concurrency property is then
 *       ignored): the container's workers are the worker threads that ack, each handing its ack to the I/O loop
 *       through the container's settlement queue (lock-free, at most one loop wake-up per batch). The benchmark's
 *       own ack executor is not used, so no extra hand-off is added in front of the container's.
 *   <li>Producers, queue declarations and deletions reuse the {@code pika-select} driver (its {@code SelectConnection}
 *       publisher): the starter's {@code PikaTemplate} publishes one message per call and waits for its confirm,
 *       which would measure the template's confirm round trip, not a comparable publisher.
 * </ul>
 */
package dev.pika.benchmarks.driver.pikalistener;
