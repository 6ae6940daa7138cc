package dev.pika.benchmarks.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every producer and consumer of a run adds to, and the consumer latency histogram.
 *
 * <p>Thread-safe and contention-free: each counter is a {@link LongAdder}, latencies go to a {@link LatencyStats}.
 */
public final class RunCounters {

    private final LongAdder sent = new LongAdder();
    private final LongAdder confirmed = new LongAdder();
    private final LongAdder nacked = new LongAdder();
    private final LongAdder returned = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LatencyStats latency = new LatencyStats();

    /** One message was handed to the client's publish call. */
    public void sent() {
        sent.increment();
    }

    /**
     * The broker confirmed messages.
     *
     * @param count how many
     */
    public void confirmed(long count) {
        confirmed.add(count);
    }

    /**
     * The broker refused messages.
     *
     * @param count how many
     */
    public void nacked(long count) {
        nacked.add(count);
    }

    /** The broker returned a mandatory message. */
    public void returned() {
        returned.increment();
    }

    /**
     * A consumer received a message.
     *
     * @param latencyNanos its latency, or a negative value when it carried no timestamp
     */
    public void received(long latencyNanos) {
        received.increment();
        if (latencyNanos >= 0) {
            latency.record(latencyNanos);
        }
    }

    /**
     * Messages sent and not yet received, returned or nacked: what waits in the broker (or in flight). Cheaper than a
     * snapshot; for pacing.
     *
     * @return the count
     */
    public long backlog() {
        return sent.sum() - received.sum() - returned.sum() - nacked.sum();
    }

    /**
     * The latency histogram.
     *
     * @return the run's latency statistics
     */
    public LatencyStats latency() {
        return latency;
    }

    /**
     * The counters now. Each counter is read once; counters updated during the call may or may not be included.
     *
     * @return the snapshot
     */
    public CounterSnapshot snapshot() {
        return new CounterSnapshot(sent.sum(), confirmed.sum(), nacked.sum(), returned.sum(), received.sum());
    }
}
