package dev.pika.benchmarks.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Consumer latencies (nanoseconds from the publisher's timestamp in the body to the consumer's callback), recorded
 * without locks from any number of consumer threads and read back per interval and for the whole measurement.
 *
 * <p>Thread-safe: {@link #record(long)} is wait-free from any thread; {@link #interval()}, {@link #resetTotal()} and
 * {@link #total()} are serialised with each other (the reporter calls one per second, the run calls the others).
 */
public final class LatencyStats {

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_MICRO = 1_000.0;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram recycled;

    /**
     * Records one latency; negative values (clock trouble) count as zero.
     *
     * @param nanos the latency
     */
    public void record(long nanos) {
        recorder.recordValue(Math.max(0L, nanos));
    }

    /**
     * Takes what was recorded since the previous call, adds it to the total and summarises it.
     *
     * @return the interval's percentiles
     */
    public synchronized LatencySummary interval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        LatencySummary summary = summarise(interval);
        recycled = interval;
        return summary;
    }

    /** Forgets everything recorded so far (the end of a warm-up). */
    public synchronized void resetTotal() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.reset();
    }

    /**
     * Folds in what was recorded since the last interval and summarises everything since the last reset.
     *
     * @return the percentiles of the whole measurement
     */
    public synchronized LatencySummary total() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        return summarise(total);
    }

    private static LatencySummary summarise(Histogram histogram) {
        long count = histogram.getTotalCount();
        if (count == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(
                count,
                histogram.getMinValue() / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(50.0) / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(95.0) / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(99.0) / NANOS_PER_MICRO,
                histogram.getMaxValue() / NANOS_PER_MICRO);
    }
}
