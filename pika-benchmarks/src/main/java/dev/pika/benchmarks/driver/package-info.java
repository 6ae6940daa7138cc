/**
 * The plug-in interface between the benchmark and a client library: one {@link dev.pika.benchmarks.driver.ClientDriver}
 * per client, found with {@link java.util.ServiceLoader} and listed by {@link dev.pika.benchmarks.driver.ClientRegistry}.
 *
 * <p>The benchmark owns everything that must be measured the same way for every client: message bodies and their
 * timestamps ({@link dev.pika.benchmarks.driver.MessageBodies}), the publish rate
 * ({@link dev.pika.benchmarks.driver.RatePacer}), the confirm window ({@link dev.pika.benchmarks.driver.ConfirmTracker}),
 * the acknowledgement policy and the worker threads that ack ({@link dev.pika.benchmarks.driver.ConsumePlan}), the
 * counters and latencies. A driver only translates those plans into its client's calls, in that client's usual
 * way: {@link dev.pika.benchmarks.driver.PublishPlan} for a producer, {@link dev.pika.benchmarks.driver.ConsumePlan}
 * for a consumer.
 *
 * <h2>Adding a driver</h2>
 *
 * <ol>
 *   <li>Implement {@link dev.pika.benchmarks.driver.ClientDriver} (public, no-argument constructor) and
 *       {@link dev.pika.benchmarks.driver.DriverConnection}; see the RabbitMQ Java client's in
 *       {@code dev.pika.benchmarks.driver.amqpclient} for a complete one.
 *   <li>List the class in {@code META-INF/services/dev.pika.benchmarks.driver.ClientDriver}.
 *   <li>Its {@link dev.pika.benchmarks.driver.ClientDriver#name()} is the {@code --client} value. The names the
 *       comparison expects are in {@link dev.pika.benchmarks.driver.KnownClient}: a name listed there without a
 *       registered driver ({@code pika-listener} for now) is reported as unavailable, with what it waits for.
 * </ol>
 *
 * <p>What the pika drivers are expected to do: {@code pika-select} publishes and acks on the connection's I/O loop
 * (a producer's loop may run there, driven by {@code callLater}/{@code addCallbackThreadsafe}), and acks from worker
 * threads go through {@code addCallbackThreadsafe} ({@code dev.pika.benchmarks.driver.pikaselect}); {@code
 * pika-blocking} publishes from the producer thread with {@code BlockingChannel} and consumes with {@code basicConsume}
 * + {@code startConsuming} on a thread of its own ({@code dev.pika.benchmarks.driver.pikablocking}); {@code
 * pika-listener}
 * consumes through the starter's listener container (its publishes may use a {@code PikaTemplate}).
 */
package dev.pika.benchmarks.driver;
