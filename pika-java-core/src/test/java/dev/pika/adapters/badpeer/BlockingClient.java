package dev.pika.adapters.badpeer;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** {@link BlockingConnection}: its private {@code pika-blocking-io-N} thread, driven from the test's thread. */
final class BlockingClient implements ClientUnderTest {

    private BlockingConnection connection;
    private Thread ioThread;

    @Override
    public AmqpConnectionException open(ConnectionParameters parameters, Duration bound) {
        Set<Thread> before = ClientThreads.pikaThreads();
        try {
            connection = new BlockingConnection(parameters);
            return null;
        } catch (AmqpConnectionException e) {
            return e;
        } finally {
            ioThread = ClientThreads.newThread(before, "pika-blocking-io-");
        }
    }

    @Override
    public void consume(Duration bound) {
        BlockingChannel channel = connection.channel();
        channel.basicConsume(QUEUE, (ch, deliver, properties, body) -> {}, false, false, CONSUMER_TAG, Map.of());
    }

    @Override
    public AmqpException awaitFailure(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                connection.processDataEvents(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (AmqpException e) {
            return e;
        }
        throw new AssertionError("The BlockingConnection did not fail within " + bound);
    }

    @Override
    public Thread ioThread() {
        return ioThread;
    }

    @Override
    public void close() {
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "BlockingConnection";
    }
}
