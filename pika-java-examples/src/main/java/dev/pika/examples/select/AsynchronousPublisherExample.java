package dev.pika.examples.select;

import dev.pika.ConnectionParameters;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pika's {@code asynchronous_publisher_example.py} in Java: a publisher that declares a topic exchange and a queue,
 * binds them, turns on publisher confirms and publishes a message every interval, tracking each message by its
 * delivery tag until the broker confirms it (one {@code Basic.Ack} with {@code multiple} may confirm many), and
 * keeping Pika's statistics (published, acked, nacked, pending). When the connection closes unexpectedly it opens a
 * new one after {@link #REOPEN_DELAY}; a stop request closes channel and connection cleanly.
 *
 * <pre>
 * mvn -q -pl pika-java-examples -am package -DskipTests
 * java -cp pika-java-core/target/classes:pika-java-examples/target/classes \
 *     dev.pika.examples.select.AsynchronousPublisherExample amqp://guest:guest@localhost:5672/%2F
 * </pre>
 *
 * <p>The steps are in {@code ExamplePublisher}, one instance per connection; this class is the reconnecting loop
 * around it. Threading: {@link #run} runs each connection's loop on the calling thread and returns when stopped; the
 * stop signal may complete on any thread.
 */
public final class AsynchronousPublisherExample {

    /** Where {@link #main} connects by default (Pika's example URL: three attempts, a one-hour heartbeat). */
    public static final String DEFAULT_URL =
            "amqp://guest:guest@localhost:5672/%2F?connection_attempts=3&heartbeat=3600";

    /** Pika's {@code PUBLISH_INTERVAL}: one message a second. */
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    /** How long the publisher waits before opening a new connection after losing one (Pika: 5 s). */
    public static final Duration REOPEN_DELAY = Duration.ofSeconds(5);

    private AsynchronousPublisherExample() {}

    /**
     * Publishes to Pika's {@code message} exchange once a second and prints the statistics until Ctrl-C.
     *
     * @param args the broker URL, or none for {@link #DEFAULT_URL}
     */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : DEFAULT_URL;
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.complete(null);
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        run(url, ExampleTopology.DEFAULT, DEFAULT_PUBLISH_INTERVAL, stop, new PublisherListener() {
            @Override
            public void onConfirmed(boolean ack, long deliveryTag, boolean multiple, PublisherStats stats) {
                System.out.printf(
                        "Received %s for delivery tag %d (multiple: %s): %s%n",
                        ack ? "ack" : "nack", deliveryTag, multiple, stats);
            }
        });
        stopped.countDown();
    }

    /**
     * Runs the reconnecting publisher on the calling thread until {@code stopSignal} completes.
     *
     * @param url the broker URL ({@code amqp://user:password@host:port/vhost?...}, Pika's query names)
     * @param topology the exchange, queue and routing key to publish to
     * @param publishInterval the pause between two messages
     * @param stopSignal completing it (normally or not, on any thread) stops the publisher cleanly
     * @param listener observes progress; see {@link PublisherListener}
     * @return the last connection's statistics
     */
    public static PublisherStats run(
            String url,
            ExampleTopology topology,
            Duration publishInterval,
            CompletionStage<?> stopSignal,
            PublisherListener listener) {
        ConnectionParameters parameters = ConnectionParameters.fromUrl(url);
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(listener, "listener");
        if (publishInterval == null || publishInterval.isNegative()) {
            throw new IllegalArgumentException("publishInterval must be zero or positive, but was " + publishInterval);
        }
        CompletableFuture<?> stop = stopSignal.toCompletableFuture();
        AtomicReference<ExamplePublisher> current = new AtomicReference<>();
        stop.whenComplete((ignored, error) -> {
            ExamplePublisher publisher = current.get();
            if (publisher != null) {
                publisher.requestStop();
            }
        });
        PublisherStats stats = PublisherStats.NONE;
        int connectionNumber = 0;
        while (!stop.isDone()) {
            ExamplePublisher publisher =
                    new ExamplePublisher(parameters, topology, publishInterval, listener, ++connectionNumber);
            current.set(publisher);
            if (stop.isDone()) {
                break; // the stop signal came before the publisher was published
            }
            publisher.run();
            stats = publisher.stats();
        }
        listener.onStopped(stats);
        return stats;
    }
}
