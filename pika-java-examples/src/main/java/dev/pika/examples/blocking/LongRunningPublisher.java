package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pika's {@code long_running_publisher.py}: a publisher thread keeps its connection alive with {@code
 * processDataEvents} while other threads hand it messages with {@code addCallbackThreadsafe}; each message is
 * published on the publisher thread, the connection's application thread.
 *
 * <pre>{@code
 * LongRunningPublisher publisher = new LongRunningPublisher(params, "long-running");
 * Thread thread = new Thread(publisher, "publisher");
 * thread.start();
 * publisher.publish("hello");       // from any thread
 * publisher.stop();                 // the publisher thread closes the connection and ends
 * thread.join();
 * }</pre>
 *
 * <p>The connection is opened on the constructing thread and then used by the publisher thread: a {@code
 * BlockingConnection} serves one application thread at a time and may change hands between calls. Threading: {@link
 * #run()} on the publisher thread; {@link #publish}, {@link #stop()} and {@link #published()} from any thread.
 */
public final class LongRunningPublisher implements Runnable {

    private final String queue;
    private final BlockingConnection connection;
    private final BlockingChannel channel;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running = true;

    /**
     * Connects and declares the queue (auto-delete), on the calling thread.
     *
     * @param parameters the connection parameters
     * @param queue the queue to publish to (through the default exchange)
     */
    public LongRunningPublisher(ConnectionParameters parameters, String queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.connection = new BlockingConnection(parameters);
        this.channel = connection.channel();
        channel.queueDeclare(queue, false, false, false, true, null);
    }

    /** Keeps the connection alive and publishes what other threads hand in, until {@link #stop()}; then closes. */
    @Override
    public void run() {
        try {
            while (running) {
                connection.processDataEvents(Duration.ofSeconds(1));
            }
            // Publish what was handed in before stop().
            connection.processDataEvents(Duration.ZERO);
        } finally {
            connection.close();
        }
    }

    /** The publisher thread: publishes one message. */
    private void doPublish(String message) {
        channel.basicPublish("", queue, message.getBytes(StandardCharsets.UTF_8));
        published.incrementAndGet();
    }

    /**
     * Hands a message to the publisher thread (any thread).
     *
     * @param message the message
     * @throws dev.pika.exceptions.ConnectionWrongStateException when the connection is closed
     */
    public void publish(String message) {
        Objects.requireNonNull(message, "message");
        connection.addCallbackThreadsafe(() -> doPublish(message));
    }

    /** Asks the publisher thread to finish (any thread): it publishes what was handed in, closes and returns. */
    public void stop() {
        running = false;
        if (connection.isOpen()) {
            connection.addCallbackThreadsafe(() -> {}); // wakes processDataEvents now rather than within a second
        }
    }

    /**
     * How many messages the publisher thread published.
     *
     * @return the count
     */
    public long published() {
        return published.get();
    }

    /**
     * Publishes ten messages from the main thread through a publisher thread, then stops.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        LongRunningPublisher publisher = new LongRunningPublisher(Examples.parameters(args), "long-running-publisher");
        Thread thread = new Thread(publisher, "publisher");
        thread.start();
        for (int i = 0; i < 10; i++) {
            publisher.publish("Message " + i);
            Thread.sleep(500);
        }
        publisher.stop();
        thread.join();
        System.out.println("Published " + publisher.published() + " messages");
    }
}
