package dev.pika.benchmarks.run;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import dev.pika.benchmarks.stats.Statistics;

/**
 * What one run measured, between the end of its warm-up and the moment it met its end condition.
 *
 * <p>Immutable.
 *
 * @param client the {@code --client} name
 * @param clientDescription the driver's description (library, version, mode)
 * @param server what the broker said it is
 * @param pid the process that ran it
 * @param producers producer count
 * @param consumers consumer count
 * @param confirms whether publisher confirms were on
 * @param measuredNanos the measured duration
 * @param counts messages counted during the measurement
 * @param latency consumer latency during the measurement (empty when no message carried a timestamp)
 * @param cpuNanos process CPU time used during the measurement, or -1 when not reported
 * @param allocatedBytes heap bytes allocated during the measurement, or -1 when not reported
 * @param peakThreads the most live threads during the measurement
 * @param peakHeapBytes the most heap in use seen (sampled every second and at the end)
 * @param peakRssBytes the largest resident set seen (sampled likewise), or -1 where not reported
 * @param gcCount collections during the measurement
 * @param gcMillis time spent collecting during the measurement
 * @param error why the run failed, or {@code null} when it succeeded
 */
public record RunResult(
        String client,
        String clientDescription,
        String server,
        long pid,
        int producers,
        int consumers,
        boolean confirms,
        long measuredNanos,
        CounterSnapshot counts,
        LatencySummary latency,
        long cpuNanos,
        long allocatedBytes,
        int peakThreads,
        long peakHeapBytes,
        long peakRssBytes,
        long gcCount,
        long gcMillis,
        String error) {

    /**
     * Whether the run completed without an error.
     *
     * @return true when {@link #error()} is {@code null}
     */
    public boolean succeeded() {
        return error == null;
    }

    /**
     * The messages the run's throughput is counted in: received when there are consumers, else confirmed when
     * confirms are on, else sent. CPU and allocation per message divide by the same count.
     *
     * @return the count
     */
    public long messages() {
        if (consumers > 0) {
            return counts.received();
        }
        return confirms ? counts.confirmed() : counts.sent();
    }

    /**
     * The run's throughput.
     *
     * @return {@link #messages()} per measured second
     */
    public double throughput() {
        return Statistics.perSecond(messages(), measuredNanos);
    }

    /**
     * The publish rate.
     *
     * @return messages sent per measured second
     */
    public double sendRate() {
        return Statistics.perSecond(counts.sent(), measuredNanos);
    }

    /**
     * The confirm rate.
     *
     * @return messages confirmed per measured second
     */
    public double confirmRate() {
        return Statistics.perSecond(counts.confirmed(), measuredNanos);
    }

    /**
     * The consume rate.
     *
     * @return messages received per measured second
     */
    public double receiveRate() {
        return Statistics.perSecond(counts.received(), measuredNanos);
    }

    /**
     * Process CPU per million messages.
     *
     * @return CPU seconds per million {@link #messages()}, or NaN when unknown or no message moved
     */
    public double cpuSecondsPerMillionMessages() {
        if (cpuNanos < 0) {
            return Double.NaN;
        }
        return Statistics.perUnit(cpuNanos / 1e9, messages(), 1_000_000.0);
    }

    /**
     * Heap allocation per message.
     *
     * @return bytes allocated per {@link #messages()}, or NaN when unknown or no message moved
     */
    public double allocatedBytesPerMessage() {
        if (allocatedBytes < 0) {
            return Double.NaN;
        }
        return Statistics.perUnit(allocatedBytes, messages(), 1.0);
    }

    /**
     * The measured duration in seconds.
     *
     * @return seconds
     */
    public double measuredSeconds() {
        return measuredNanos / 1e9;
    }
}
