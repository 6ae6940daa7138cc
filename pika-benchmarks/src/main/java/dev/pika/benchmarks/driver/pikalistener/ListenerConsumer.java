package dev.pika.benchmarks.driver.pikalistener;

import dev.pika.ConnectionParameters;
import dev.pika.benchmarks.driver.Acker;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverException;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.spring.listener.container.DefaultPikaListenerContainerFactory;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One benchmark consumer as a listener container: its own {@link PikaConnectionFactory} (one connection, named
 * {@code <connection name>.listener}), a {@link DefaultPikaListenerContainerFactory} and the container made from an
 * endpoint whose listener passes each delivery to {@link ConsumePlan#delivered(byte[], long, Acker)}.
 *
 * <p>The plan's {@link Acker} is a no-op: in {@link AckMode#AUTO} the container acknowledges each delivery after the
 * listener returns (coalesced into {@code multiple} acks), in {@link AckMode#NONE} the broker does. With
 * {@code --ack-threads N} the container runs N workers (whatever the concurrency property says): they are the worker
 * threads that ack, handing their acks to the I/O loop; the plan's own ack executor is not used. With a
 * concurrency above 1 the plan is called from several worker threads at once; what it records there (an atomic
 * count, {@code LongAdder}s, a wait-free latency recorder) is thread-safe, and its multiple-ack counter only decides
 * when to call the no-op acker.
 *
 * <p>Thread-safe: {@link #cancel()} and {@link #close()} may be called from any thread but the connection's I/O
 * thread, any number of times.
 */
final class ListenerConsumer implements ConsumerHandle, AutoCloseable {

    /** Bounds waiting for the container's first subscription. */
    static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);

    private static final Acker CONTAINER_ACKS = (deliveryTag, multiple) -> {};
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final PikaConnectionFactory connections;
    private final DefaultPikaListenerContainer container;

    private ListenerConsumer(PikaConnectionFactory connections, DefaultPikaListenerContainer container) {
        this.connections = connections;
        this.container = container;
    }

    /**
     * Opens the connection, starts the container and waits until it consumes.
     *
     * @param uri the broker's AMQP URI
     * @param connectionName the benchmark's connection name; the listener's connection is named
     *     {@code <connectionName>.listener} and its worker threads {@code pika-listener-<connectionName>-N}
     * @param plan what to consume and how to acknowledge
     * @param concurrency the container's worker threads; with {@code --ack-threads N} ({@link
     *     ConsumePlan#acksFromWorkers()}) the container runs N workers instead, which are the threads that ack
     * @return the running consumer
     * @throws DriverException when the connection cannot be opened or the container does not subscribe in time
     */
    static ListenerConsumer start(String uri, String connectionName, ConsumePlan plan, int concurrency) {
        int workers = concurrency;
        if (plan.acksFromWorkers()) {
            if (plan.ackWorkerThreads() < 1) {
                throw new DriverException("pika-listener runs --ack-threads N as the container's N workers, but the"
                        + " consume plan does not say how many ack threads there are (ackWorkerThreads)");
            }
            workers = plan.ackWorkerThreads();
        }
        ConnectionParameters parameters;
        try {
            parameters = ConnectionParameters.fromUrl(uri).toBuilder()
                    .connectionName(connectionName + ".listener")
                    .build();
        } catch (RuntimeException e) {
            throw new DriverException("pika-listener refused the URI: " + e.getMessage(), e);
        }
        PikaListenerEndpoint endpoint = PikaListenerEndpoint.builder(connectionName)
                .queues(plan.queue())
                .listener(
                        plan.acksFromWorkers()
                                ? (delivery, acknowledgement) -> plan.deliveredOnDriverWorker(
                                        delivery.body(), delivery.deliveryTag(), CONTAINER_ACKS)
                                : (delivery, acknowledgement) ->
                                        plan.delivered(delivery.body(), delivery.deliveryTag(), CONTAINER_ACKS))
                .concurrency(workers)
                .prefetch(plan.prefetch())
                .ackMode(plan.autoAck() ? AckMode.NONE : AckMode.AUTO)
                .autoStartup(false)
                .build();
        PikaConnectionFactory connections = PikaConnectionFactory.of(parameters);
        ListenerConsumer consumer = null;
        try {
            connections.start();
            DefaultPikaListenerContainer container =
                    new DefaultPikaListenerContainerFactory(connections::getConnection).createContainer(endpoint);
            consumer = new ListenerConsumer(connections, container);
            container.start();
            consumer.awaitConsuming();
            return consumer;
        } catch (RuntimeException e) {
            if (consumer != null) {
                consumer.close();
            } else {
                connections.stop();
            }
            throw e instanceof DriverException driverException
                    ? driverException
                    : new DriverException("pika-listener could not start its container: " + e.getMessage(), e);
        }
    }

    private void awaitConsuming() {
        long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
        PikaListenerSnapshot snapshot = container.snapshot();
        while (!snapshot.isConsuming()) {
            if (System.nanoTime() - deadline > 0) {
                throw new DriverException("pika-listener: the container on " + snapshot.queues()
                        + " did not start consuming within " + SUBSCRIBE_TIMEOUT + " (state " + snapshot.state()
                        + (snapshot.lastFailure() == null ? "" : ", last failure " + snapshot.lastFailure())
                        + "); is the broker up and the queue declared?");
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new DriverException("pika-listener: interrupted while waiting for the container to consume");
            }
            snapshot = container.snapshot();
        }
    }

    /**
     * The container (for tests: its counters).
     *
     * @return the container
     */
    DefaultPikaListenerContainer container() {
        return container;
    }

    /**
     * Stops the container: cancels its consumer, lets the deliveries in progress finish, sends their acks and closes
     * its channel; its worker threads are gone when this returns.
     */
    @Override
    public void cancel() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            // The connection is going away anyway; stopping is best effort.
        }
    }

    /** Stops the container, then closes the connection and ends its I/O and recovery threads. */
    @Override
    public void close() {
        cancel();
        connections.destroy();
    }
}
