/**
 * Pika's {@code BlockingConnection} examples in Java, each with a {@code main} (the broker's AMQP URL as argument)
 * and an entry point the integration tests drive:
 *
 * <ul>
 *   <li>{@link dev.pika.examples.blocking.QuickStart}: the README's quick start (publish, consume with a callback and
 *       with the consume iterator);
 *   <li>{@link dev.pika.examples.blocking.BasicConsumerThreaded}: workers process messages and acknowledge through
 *       {@code connection.addCallbackThreadsafe(() -> ackMessage(channel, deliveryTag))};
 *   <li>{@link dev.pika.examples.blocking.ConsumeRecover}: the {@code while (true) { try ... }} recovery loop;
 *   <li>{@link dev.pika.examples.blocking.ConsumeRecoverRetry}: the same with spring-retry's {@code RetryTemplate}
 *       and {@link dev.pika.examples.blocking.JitterBackOffPolicy} (Pika's {@code @retry(delay=5, jitter=(1, 3))});
 *   <li>{@link dev.pika.examples.blocking.LongRunningPublisher}: a connection kept alive by {@code
 *       processDataEvents} while other threads hand in publishes;
 *   <li>{@link dev.pika.examples.blocking.PipelinedConfirms}: pipelined publisher confirms ({@code
 *       basicPublishConfirmed}, a window, {@code waitForConfirms}), an addition beyond Pika.
 * </ul>
 *
 * <p>Each class documents its threading; none is meant to be shared beyond what it documents.
 */
package dev.pika.examples.blocking;
