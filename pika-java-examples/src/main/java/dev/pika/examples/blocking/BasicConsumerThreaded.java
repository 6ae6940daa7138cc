package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pika's {@code basic_consumer_threaded.py}: a consumer hands each message to a worker thread, and the worker
 * acknowledges it through {@code connection.addCallbackThreadsafe(() -> ackMessage(channel, deliveryTag))}, so the
 * acknowledgement is sent from the connection's application thread, inside {@code startConsuming}. Pika's example
 * does this to keep heartbeats flowing while the work takes long (10 seconds per message there, with a 5 second
 * heartbeat); pika-java's connection keeps its heartbeats by itself, and the pattern remains the way to process
 * messages in parallel.
 *
 * <pre>
 * mvn -pl pika-java-examples exec:java -Dexec.mainClass=dev.pika.examples.blocking.BasicConsumerThreaded \
 *     -Dexec.args="amqp://guest:guest@localhost:5672/%2F"
 * </pre>
 *
 * <p>Threading: {@link #run()} runs on the caller's thread (the connection's application thread) until {@link #stop()}
 * (any thread) or a connection failure; the counters are thread-safe.
 */
public final class BasicConsumerThreaded {

    /** Pika's example: exchange {@value}. */
    public static final String EXCHANGE = "test_exchange";
    /** Pika's example: queue {@value}. */
    public static final String QUEUE = "standard";
    /** Pika's example: routing key {@value}. */
    public static final String ROUTING_KEY = "standard_key";

    /** The work a worker thread does with one message. */
    @FunctionalInterface
    public interface Work {
        /**
         * Processes a message.
         *
         * @param deliveryTag the message's delivery tag
         * @param body the message body
         * @throws InterruptedException when the worker is interrupted (the message is then not acknowledged)
         */
        void process(long deliveryTag, byte[] body) throws InterruptedException;
    }

    /**
     * Where and how to consume.
     *
     * @param parameters the connection parameters
     * @param exchange the direct exchange to declare (durable)
     * @param queue the queue to declare (auto-delete), bind and consume
     * @param routingKey the binding's routing key
     * @param prefetchCount messages sent ahead of acknowledgements (Pika's example uses 1)
     * @param workers worker threads
     */
    public record Settings(
            ConnectionParameters parameters,
            String exchange,
            String queue,
            String routingKey,
            int prefetchCount,
            int workers) {

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException when a count is not positive
         */
        public Settings {
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(routingKey, "routingKey");
            if (prefetchCount < 1 || workers < 1) {
                throw new IllegalArgumentException(
                        "prefetchCount and workers must be at least 1, but were " + prefetchCount + " and " + workers);
            }
        }

        /**
         * Pika's example settings on a broker: heartbeat 5 s, prefetch 1, one thread per message in flight.
         *
         * @param parameters where the broker is
         * @return the settings
         */
        public static Settings pikaExample(ConnectionParameters parameters) {
            return new Settings(
                    parameters.toBuilder().heartbeat(Duration.ofSeconds(5)).build(),
                    EXCHANGE,
                    QUEUE,
                    ROUTING_KEY,
                    1,
                    1);
        }
    }

    private final Settings settings;
    private final Work work;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong droppedAcks = new AtomicLong();
    private final CountDownLatch consuming = new CountDownLatch(1);
    private final AtomicReference<Runnable> stopper = new AtomicReference<>();
    private volatile boolean stopRequested;

    /**
     * @param settings where and how to consume
     * @param work what a worker does with each message
     */
    public BasicConsumerThreaded(Settings settings, Work work) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * Pika's {@code ack_message}: acknowledges on the channel the message came from, if it is still open; after the
     * channel closed the broker has requeued the message, and there is nothing to acknowledge.
     *
     * @param channel the message's channel
     * @param deliveryTag its delivery tag
     * @return whether the acknowledgement was sent
     */
    static boolean ackMessage(BlockingChannel channel, long deliveryTag) {
        if (channel.isOpen()) {
            channel.basicAck(deliveryTag);
            return true;
        }
        return false;
    }

    /**
     * Connects, declares the exchange and queue, binds them, and consumes until {@link #stop()}; then waits for the
     * workers to finish and closes the connection.
     *
     * @throws dev.pika.exceptions.AmqpException when the connection or the channel fails
     */
    public void run() {
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers());
        try (BlockingConnection connection = new BlockingConnection(settings.parameters())) {
            BlockingChannel channel = connection.channel();
            channel.exchangeDeclare(settings.exchange(), "direct", false, true, false, false, null);
            channel.queueDeclare(settings.queue(), false, false, false, true, null);
            channel.queueBind(settings.queue(), settings.exchange(), settings.routingKey(), null);
            channel.basicQos(settings.prefetchCount());
            channel.basicConsume(settings.queue(), (ch, method, properties, body) -> {
                long deliveryTag = method.deliveryTag();
                workers.execute(() -> doWork(connection, ch, deliveryTag, body));
            });
            stopper.set(() -> connection.addCallbackThreadsafe(channel::stopConsuming));
            consuming.countDown();
            if (!stopRequested) {
                channel.startConsuming();
            }
            workers.shutdown();
            awaitWorkers(connection, workers);
        } finally {
            workers.shutdownNow();
        }
    }

    private void doWork(BlockingConnection connection, BlockingChannel channel, long deliveryTag, byte[] body) {
        try {
            work.process(deliveryTag, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            connection.addCallbackThreadsafe(() -> {
                if (ackMessage(channel, deliveryTag)) {
                    acked.incrementAndGet();
                } else {
                    droppedAcks.incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            droppedAcks.incrementAndGet(); // the connection closed: the broker requeues the message
        }
    }

    /** Lets the workers finish while their acknowledgements are still dispatched (Pika joins its threads). */
    private static void awaitWorkers(BlockingConnection connection, ExecutorService workers) {
        try {
            while (!workers.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                connection.processDataEvents(Duration.ZERO);
            }
            connection.processDataEvents(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming (any thread): the consumer is cancelled on the connection's application thread. */
    public void stop() {
        stopRequested = true;
        Runnable stop = stopper.get();
        if (stop != null) {
            stop.run();
        }
    }

    /**
     * Waits until the consumer is set up.
     *
     * @param timeout the longest to wait
     * @return whether it is consuming
     * @throws InterruptedException when interrupted
     */
    public boolean awaitConsuming(Duration timeout) throws InterruptedException {
        return consuming.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How many messages were processed and acknowledged.
     *
     * @return the count
     */
    public long acked() {
        return acked.get();
    }

    /**
     * How many acknowledgements were dropped because the channel had closed meanwhile.
     *
     * @return the count
     */
    public long droppedAcks() {
        return droppedAcks.get();
    }

    /**
     * Runs Pika's example: 10 seconds of work per message, until Ctrl-C.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     */
    public static void main(String[] args) {
        ConnectionParameters parameters = Examples.parameters(args);
        BasicConsumerThreaded consumer =
                new BasicConsumerThreaded(Settings.pikaExample(parameters), (deliveryTag, body) -> {
                    System.out.printf(
                            "Thread %s: delivery tag %d, body %s%n",
                            Thread.currentThread().getName(), deliveryTag, new String(body, StandardCharsets.UTF_8));
                    Thread.sleep(10_000); // simulates long work; heartbeats keep flowing
                });
        Examples.stopOnShutdown(consumer::stop);
        consumer.run();
    }
}
