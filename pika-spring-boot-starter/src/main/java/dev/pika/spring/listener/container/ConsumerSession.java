package dev.pika.spring.listener.container;

import dev.pika.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One generation of a container's channel: the channel, its consumers and its {@link AckTracker}. Delivery
 * tags belong to it: when the channel closes the session dies, and settlements for its tags that arrive
 * later are dropped, never sent on the next channel (the broker has requeued those deliveries).
 *
 * <p>Threading: the channel, the consumer tags and the tracker are confined to the I/O thread; {@link
 * #isAlive()} is volatile and read by workers to skip deliveries of a dead channel.
 */
final class ConsumerSession {

    private final long generation;
    private final AckTracker tracker;
    private final Runnable onWorkerSettled;
    private final Map<String, String> consumerTags = new LinkedHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Channel channel;
    private AckSink ackSink;
    private volatile boolean alive = true;
    private volatile boolean accepting = true;

    ConsumerSession(long generation, int holdLimit, Runnable onWorkerSettled) {
        this.generation = generation;
        this.tracker = new AckTracker(holdLimit);
        this.onWorkerSettled = onWorkerSettled;
    }

    long generation() {
        return generation;
    }

    AckTracker tracker() {
        return tracker;
    }

    Channel channel() {
        return channel;
    }

    void channel(Channel open) {
        this.channel = open;
    }

    /** @return the sink that sends this channel's acks, made once by the container; I/O thread */
    AckSink ackSink() {
        return ackSink;
    }

    void ackSink(AckSink sink) {
        this.ackSink = sink;
    }

    /** @return queue to consumer tag of the subscribed consumers; I/O thread */
    Map<String, String> consumerTags() {
        return consumerTags;
    }

    /** @return completed when the channel closed */
    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    /** @return whether the channel is still the container's and open */
    boolean isAlive() {
        return alive;
    }

    /** The channel closed or was replaced. */
    void kill() {
        alive = false;
        accepting = false;
    }

    /** @return whether deliveries not yet started may still run (false once stopping) */
    boolean isAccepting() {
        return accepting && alive;
    }

    /** Stop starting deliveries: those waiting for a worker are dropped (returned by the broker at close). */
    void stopAccepting() {
        accepting = false;
    }

    /** A worker settled (or dropped) a delivery: the container's in-flight count goes down. */
    void settledByWorker() {
        onWorkerSettled.run();
    }

    @Override
    public String toString() {
        return "ConsumerSession[generation=" + generation + ", alive=" + alive + "]";
    }
}
