package dev.pika.benchmarks.stats;

/**
 * Consumer latency percentiles over an interval or a whole run, in microseconds.
 *
 * <p>Immutable.
 *
 * @param count how many latencies were recorded
 * @param minMicros the smallest
 * @param medianMicros the 50th percentile
 * @param p95Micros the 95th percentile
 * @param p99Micros the 99th percentile
 * @param maxMicros the largest
 */
public record LatencySummary(
        long count, double minMicros, double medianMicros, double p95Micros, double p99Micros, double maxMicros) {

    /** No latency recorded: every percentile is NaN. */
    public static final LatencySummary EMPTY =
            new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * Whether any latency was recorded.
     *
     * @return {@code count > 0}
     */
    public boolean isEmpty() {
        return count == 0;
    }
}
