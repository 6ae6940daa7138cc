package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.NackException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes ids {@code 0..count-1} with publisher confirms (the blocking one-confirm-per-publish form) through a
 * {@link BlockingConnection} given every address of a cluster: when the connection fails, the publish in flight is
 * failed back (recorded), a new connection fails over to the first address that answers, and the same id is
 * published again. Records every step in a {@link DeliveryRecorder}; an optional rate limit paces it (soak runs).
 *
 * <p>Runs on its own thread ({@code failover-publisher}); {@link #connectedPort()} and the counters from any thread.
 */
final class FailoverPublisher implements AutoCloseable {

    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final List<ConnectionParameters> addresses;
    private final String queue;
    private final long count;
    private final DeliveryRecorder ledger;
    private final PublishFailures failures;
    private final Thread thread;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicReference<Integer> connectedPort = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile long failoverNanos = -1;
    private volatile long lostAtNanos = -1;
    private volatile int connections;
    private volatile long nextId;

    private final long nanosPerMessage;

    /**
     * A publisher of ids {@code 0..count-1}.
     *
     * @param ratePerSecond the most messages a second, or 0 for as fast as the confirms come
     */
    FailoverPublisher(
            List<ConnectionParameters> addresses,
            String queue,
            long count,
            DeliveryRecorder ledger,
            PublishFailures failures,
            int ratePerSecond) {
        this.addresses = List.copyOf(addresses);
        this.queue = queue;
        this.count = count;
        this.ledger = ledger;
        this.failures = failures;
        this.nanosPerMessage = ratePerSecond <= 0 ? 0 : 1_000_000_000L / ratePerSecond;
        this.thread = new Thread(this::run, "failover-publisher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes when every id is confirmed or {@link #stop()} was called (exceptionally when it gave up). */
    CompletableFuture<Void> done() {
        return done;
    }

    /** The AMQP port of the node the current connection reached, or {@code null} between connections. */
    Integer connectedPort() {
        return connectedPort.get();
    }

    /** How many connections were opened. */
    int connections() {
        return connections;
    }

    /** From the loss of the first connection to the first confirm on the next one, or {@code null}. */
    Duration failoverTime() {
        long lost = lostAtNanos;
        long recovered = failoverNanos;
        return lost < 0 || recovered < 0 ? null : Duration.ofNanos(recovered - lost);
    }

    /** The next id to publish: how many ids were confirmed. */
    long published() {
        return nextId;
    }

    private void run() {
        long next = 0;
        long paced = System.nanoTime();
        BlockingConnection connection = null;
        BlockingChannel channel = null;
        try {
            while (next < count && !stopped) {
                if (connection == null) {
                    try {
                        connection = new BlockingConnection(addresses);
                        channel = connection.channel();
                        channel.confirmDelivery();
                        connectedPort.set(connection.parameters().port());
                        connections++;
                    } catch (AmqpException e) {
                        closeQuietly(connection);
                        connection = null;
                        TimeUnit.NANOSECONDS.sleep(RECONNECT_PAUSE.toNanos());
                        continue;
                    }
                }
                if (nanosPerMessage > 0) {
                    paced += nanosPerMessage;
                    long ahead = paced - System.nanoTime();
                    if (ahead > 0) {
                        TimeUnit.NANOSECONDS.sleep(ahead); // the rate limit, not a wait for a condition
                    } else if (ahead < -1_000_000_000L) {
                        paced = System.nanoTime(); // after an outage, no burst to catch up
                    }
                }
                ledger.published(next);
                try {
                    channel.basicPublish("", queue, Messages.body(next), Messages.PERSISTENT);
                    ledger.confirmed(next);
                    if (lostAtNanos >= 0 && failoverNanos < 0) {
                        failoverNanos = System.nanoTime();
                    }
                    next++;
                    nextId = next;
                } catch (NackException e) {
                    ledger.nacked(next);
                } catch (AmqpException e) {
                    ledger.failedBack(next);
                    failures.record(e);
                    if (lostAtNanos < 0) {
                        lostAtNanos = System.nanoTime();
                    }
                    connectedPort.set(null);
                    closeQuietly(connection);
                    connection = null;
                }
            }
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(BlockingConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (AmqpException e) {
                // already failed: its reason was recorded by the publish that saw it
            }
        }
    }

    /** Stops after the publish in progress. Any thread. */
    void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(Waits.CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
