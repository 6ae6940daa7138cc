package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.OnMessageCallback;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpChannelException;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pika's connection recovery pattern for {@code BlockingConnection} (README, "Connection recovery"): a {@code while
 * (true) { try ... }} loop that consumes, and on failure
 *
 * <ul>
 *   <li>stops when the broker closed the connection ({@link ConnectionClosedByBrokerException}, e.g. 320 when an
 *       operator closed it or the node shuts down),
 *   <li>stops on channel errors ({@link AmqpChannelException}, e.g. 404 when the queue is gone),
 *   <li>reconnects on every other connection error ({@link AmqpConnectionException}: a lost stream, a heartbeat
 *       timeout, a refused connection...).
 * </ul>
 *
 * <pre>{@code
 * while (true) {
 *     try (BlockingConnection connection = new BlockingConnection(parameters)) {
 *         BlockingChannel channel = connection.channel();
 *         channel.basicConsume("test", onMessage);
 *         channel.startConsuming();
 *     } catch (ConnectionClosedByBrokerException e) {
 *         break;     // don't recover if the connection was closed by the broker
 *     } catch (AmqpChannelException e) {
 *         break;     // don't recover on channel errors
 *     } catch (AmqpConnectionException e) {
 *         continue;  // recover on all other connection errors
 *     }
 * }
 * }</pre>
 *
 * <p>One addition to Pika's loop: it waits {@code retryDelay} of the first parameter set (2 s by default) before
 * reconnecting, so that an unreachable broker does not make it spin.
 *
 * <p>Threading: {@link #run()} runs on the caller's thread until it returns; {@link #stop()} and the getters are safe
 * from any thread.
 */
public final class ConsumeRecover {

    /** Why {@link #run()} returned. */
    public enum Outcome {
        /** The broker closed the connection ({@link ConnectionClosedByBrokerException}): not recovered. */
        CLOSED_BY_BROKER,
        /** A channel error ({@link AmqpChannelException}): not recovered. */
        CHANNEL_ERROR,
        /** {@link #stop()} was called. */
        STOPPED
    }

    private final List<ConnectionParameters> parameters;
    private final String queue;
    private final OnMessageCallback<BlockingChannel> onMessage;
    private final Duration reconnectDelay;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean stopRequested;
    private volatile BlockingConnection connection;
    private volatile BlockingChannel channel;
    private volatile AmqpException lastError;

    /**
     * @param parameters the connection parameters (several for failover, as Pika's {@code BlockingConnection} takes)
     * @param queue the queue to declare and consume
     * @param onMessage the message callback; it acknowledges
     */
    public ConsumeRecover(
            List<ConnectionParameters> parameters, String queue, OnMessageCallback<BlockingChannel> onMessage) {
        this.parameters = List.copyOf(parameters);
        if (this.parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must not be empty");
        }
        this.queue = Objects.requireNonNull(queue, "queue");
        this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
        this.reconnectDelay = this.parameters.get(0).retryDelay();
    }

    /**
     * Consumes, reconnecting after connection errors, until the broker closes the connection, a channel error, or
     * {@link #stop()}.
     *
     * @return why it returned
     */
    public Outcome run() {
        while (true) {
            if (stopRequested) {
                return Outcome.STOPPED;
            }
            try {
                consume();
                return Outcome.STOPPED;
            } catch (ConnectionClosedByBrokerException e) {
                lastError = e;
                return Outcome.CLOSED_BY_BROKER; // don't recover if the connection was closed by the broker
            } catch (AmqpChannelException e) {
                lastError = e;
                return Outcome.CHANNEL_ERROR; // don't recover on channel errors
            } catch (AmqpConnectionException e) {
                lastError = e;
                System.out.println("Connection was closed, retrying... (" + e + ")");
                // recover on all other connection errors
            } finally {
                closeQuietly();
            }
            pauseBeforeReconnecting();
        }
    }

    private void pauseBeforeReconnecting() {
        try {
            stopped.await(reconnectDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }

    private void consume() {
        BlockingConnection opened = new BlockingConnection(parameters);
        connection = opened;
        connections.incrementAndGet();
        BlockingChannel consuming = opened.channel();
        consuming.queueDeclare(queue);
        consuming.basicConsume(queue, onMessage);
        channel = consuming;
        if (!stopRequested) {
            consuming.startConsuming();
        }
    }

    /** After a channel error the connection is still open: close it (a lost one is already closed). */
    private void closeQuietly() {
        BlockingConnection current = connection;
        connection = null;
        channel = null;
        if (current != null) {
            try {
                current.close();
            } catch (AmqpException e) {
                System.out.println("Closing the connection failed: " + e);
            }
        }
    }

    /** Stops consuming (any thread): the consumer is cancelled on the connection's application thread. */
    public void stop() {
        stopRequested = true;
        stopped.countDown();
        BlockingConnection current = connection;
        BlockingChannel consuming = channel;
        if (current != null && consuming != null && current.isOpen()) {
            try {
                current.addCallbackThreadsafe(consuming::stopConsuming);
            } catch (AmqpConnectionException e) {
                // closed meanwhile: the loop sees the flag
            }
        }
    }

    /**
     * How many connections were opened so far (1 + the number of recoveries).
     *
     * @return the count
     */
    public int connectionsOpened() {
        return connections.get();
    }

    /**
     * The last failure the loop caught.
     *
     * @return the exception, or {@code null}
     */
    public AmqpException lastError() {
        return lastError;
    }

    /**
     * Consumes queue {@code test}, printing and acknowledging each message, until Ctrl-C or the broker closes the
     * connection.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     */
    public static void main(String[] args) {
        ConsumeRecover consumer =
                new ConsumeRecover(List.of(Examples.parameters(args)), "test", (ch, method, properties, body) -> {
                    System.out.println("Received " + new String(body, StandardCharsets.UTF_8));
                    ch.basicAck(method.deliveryTag());
                });
        Examples.stopOnShutdown(consumer::stop);
        System.out.println("Stopped: " + consumer.run());
    }
}
