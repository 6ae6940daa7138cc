package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipelined publisher confirms on a blocking channel, an addition beyond Pika: {@code basicPublishConfirmed} returns
 * each message's future at once, a {@link Semaphore} keeps at most {@code window} messages unconfirmed, and {@code
 * waitForConfirms} waits for the last ones. Much faster than Pika's one-round-trip-per-message form, with the same
 * guarantee: every message is confirmed, or its failure is known.
 *
 * <pre>{@code
 * PipelinedConfirms.Result result = new PipelinedConfirms(params, "orders", 500).publish(10_000);
 * System.out.println(result.acked() + " confirmed, " + result.failed() + " failed");
 * }</pre>
 *
 * <p>The futures complete on the connection's I/O thread: their callbacks here only release a permit and count, as
 * such callbacks must (short, never blocking). Threading: one instance per publishing thread; immutable
 * configuration.
 */
public final class PipelinedConfirms {

    /**
     * What a run confirmed.
     *
     * @param acked messages the broker confirmed
     * @param failed messages the broker nacked or returned (or that the connection lost)
     */
    public record Result(long acked, long failed) {}

    private final ConnectionParameters parameters;
    private final String queue;
    private final int window;

    /**
     * @param parameters the connection parameters
     * @param queue the queue to publish to (declared auto-delete if missing)
     * @param window the most unconfirmed messages at once, at least 1
     */
    public PipelinedConfirms(ConnectionParameters parameters, String queue, int window) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.queue = Objects.requireNonNull(queue, "queue");
        if (window < 1) {
            throw new IllegalArgumentException(
                    "window must be at least 1 (unconfirmed messages at once), got " + window);
        }
        this.window = window;
    }

    /**
     * Connects, publishes {@code messages} messages with pipelined confirms and returns once all are settled.
     *
     * @param messages how many to publish
     * @return how many were confirmed and how many failed
     */
    public Result publish(int messages) {
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (BlockingConnection connection = new BlockingConnection(parameters)) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue, false, false, false, true, null);
            channel.confirmDelivery();
            Semaphore unconfirmed = new Semaphore(window);
            for (int i = 0; i < messages; i++) {
                unconfirmed.acquireUninterruptibly();
                byte[] body = ("Message " + i).getBytes(StandardCharsets.UTF_8);
                channel.basicPublishConfirmed("", queue, body).whenComplete((ok, error) -> {
                    (error == null ? acked : failed).incrementAndGet(); // the I/O thread: no blocking here
                    unconfirmed.release();
                });
            }
            try {
                channel.waitForConfirms(Duration.ofSeconds(30));
            } catch (NackException | UnroutableException e) {
                // Counted by the futures already; the message's own future said which one.
            }
        }
        return new Result(acked.get(), failed.get());
    }

    /**
     * Publishes 10,000 messages with a window of 500 and prints the outcome.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        Result result = new PipelinedConfirms(Examples.parameters(args), "pipelined-confirms", 500).publish(10_000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result.acked() + " confirmed, " + result.failed() + " failed, in " + millis + " ms");
    }
}
