package dev.pika.benchmarks.run;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import dev.pika.benchmarks.stats.Statistics;
import java.util.Locale;

/**
 * The text of PerfTest's console lines: the per-second line and the summary.
 *
 * <p>Stateless and thread-safe.
 */
final class RunLines {

    private static final double MEBIBYTE = 1024.0 * 1024.0;

    private RunLines() {}

    /**
     * One per-second line, as RabbitMQ PerfTest prints it (confirm, nack and return columns only when they apply).
     *
     * @param id the run id
     * @param elapsedNanos time since the run started
     * @param delta counters over the interval
     * @param intervalNanos the interval's length
     * @param latency the interval's latency
     * @param shape which columns apply
     * @param warmingUp whether the measurement has not started yet
     * @return the line
     */
    static String interval(
            String id,
            long elapsedNanos,
            CounterSnapshot delta,
            long intervalNanos,
            LatencySummary latency,
            Shape shape,
            boolean warmingUp) {
        StringBuilder line = new StringBuilder();
        line.append("id: ").append(id).append(", time: ");
        line.append(String.format(Locale.ROOT, "%.3fs", elapsedNanos / 1e9));
        if (warmingUp) {
            line.append(" (warm-up)");
        }
        if (shape.producers() > 0) {
            rate(line, "sent", delta.sent(), intervalNanos);
            if (shape.confirms()) {
                rate(line, "confirmed", delta.confirmed(), intervalNanos);
                rate(line, "nacked", delta.nacked(), intervalNanos);
            }
            if (shape.mandatory()) {
                rate(line, "returned", delta.returned(), intervalNanos);
            }
        }
        if (shape.consumers() > 0) {
            rate(line, "received", delta.received(), intervalNanos);
            line.append(", min/median/95th/99th consumer latency: ")
                    .append(latency(latency))
                    .append(" us");
        }
        return line.toString();
    }

    private static void rate(StringBuilder line, String label, long count, long intervalNanos) {
        line.append(", ").append(label).append(": ");
        line.append(String.format(Locale.ROOT, "%.0f msg/s", Statistics.perSecond(count, intervalNanos)));
    }

    static String latency(LatencySummary latency) {
        if (latency.isEmpty()) {
            return "-/-/-/-";
        }
        return String.format(
                Locale.ROOT,
                "%.0f/%.0f/%.0f/%.0f",
                latency.minMicros(),
                latency.medianMicros(),
                latency.p95Micros(),
                latency.p99Micros());
    }

    /**
     * The end-of-run lines: PerfTest's averages, then one {@code summary:} line with everything the comparison
     * table reports.
     *
     * @param id the run id
     * @param result the result
     * @param shape which lines apply
     * @return the lines, separated by {@code \n}
     */
    static String summary(String id, RunResult result, Shape shape) {
        StringBuilder text = new StringBuilder();
        if (shape.producers() > 0) {
            average(text, id, "sending", result.sendRate());
            if (shape.confirms()) {
                average(text, id, "confirming", result.confirmRate());
            }
        }
        if (shape.consumers() > 0) {
            average(text, id, "receiving", result.receiveRate());
            text.append("id: ")
                    .append(id)
                    .append(", consumer latency min/median/95th/99th: ")
                    .append(latency(result.latency()))
                    .append(" us\n");
        }
        CounterSnapshot counts = result.counts();
        text.append(String.format(
                Locale.ROOT,
                "summary: client %s, measured %.3f s, sent %d, confirmed %d, nacked %d, returned %d, received %d, "
                        + "throughput %.0f msg/s, latency %s us, CPU %.3f s (%.2f s per million messages), "
                        + "allocated %.0f B per message, peak threads %d, peak heap %.1f MiB, peak RSS %s, GC %d (%d ms)",
                result.client(),
                result.measuredSeconds(),
                counts.sent(),
                counts.confirmed(),
                counts.nacked(),
                counts.returned(),
                counts.received(),
                result.throughput(),
                latency(result.latency()),
                result.cpuNanos() / 1e9,
                result.cpuSecondsPerMillionMessages(),
                result.allocatedBytesPerMessage(),
                result.peakThreads(),
                result.peakHeapBytes() / MEBIBYTE,
                result.peakRssBytes() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.1f MiB", result.peakRssBytes() / MEBIBYTE),
                result.gcCount(),
                result.gcMillis()));
        if (result.error() != null) {
            text.append("\nerror: ").append(result.error());
        }
        return text.toString();
    }

    private static void average(StringBuilder text, String id, String label, double rate) {
        text.append(String.format(Locale.ROOT, "id: %s, %s rate avg: %.0f msg/s%n", id, label, rate));
    }

    /**
     * Which columns a run's lines have.
     *
     * @param producers producer count
     * @param consumers consumer count
     * @param confirms whether confirms are on
     * @param mandatory whether messages are mandatory
     */
    record Shape(int producers, int consumers, boolean confirms, boolean mandatory) {}
}
