package dev.pika.benchmarks.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalDouble;

/**
 * Plain statistics over small samples: the comparison runner takes the median of a handful of runs.
 *
 * <p>Stateless and thread-safe.
 */
public final class Statistics {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private Statistics() {}

    /**
     * The median: the middle value, or the mean of the two middle values for an even count.
     *
     * @param values the samples (not changed); NaN samples are ignored
     * @return the median, or empty when there is no sample
     */
    public static OptionalDouble median(Collection<Double> values) {
        return percentile(values, 50.0);
    }

    /**
     * A percentile with linear interpolation between the closest ranks (the definition spreadsheets and NumPy use by
     * default): the 0th is the minimum, the 100th the maximum, the 50th the median.
     *
     * @param values the samples (not changed); NaN samples are ignored
     * @param percentile between 0 and 100
     * @return the percentile, or empty when there is no sample
     * @throws IllegalArgumentException when {@code percentile} is outside 0..100
     */
    public static OptionalDouble percentile(Collection<Double> values, double percentile) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100, got " + percentile);
        }
        double[] sorted = values.stream()
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (sorted.length == 0) {
            return OptionalDouble.empty();
        }
        Arrays.sort(sorted);
        double rank = percentile / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = (int) Math.ceil(rank);
        double fraction = rank - lower;
        return OptionalDouble.of(sorted[lower] + (sorted[upper] - sorted[lower]) * fraction);
    }

    /**
     * A rate per second.
     *
     * @param count the events
     * @param elapsedNanos the time they took
     * @return events per second; 0 when no time elapsed
     */
    public static double perSecond(long count, long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0.0;
        }
        return count * NANOS_PER_SECOND / elapsedNanos;
    }

    /**
     * A ratio to a baseline.
     *
     * @param value the value compared
     * @param baseline what it is compared with
     * @return {@code value / baseline}, or empty when either is missing (NaN) or the baseline is not positive
     */
    public static OptionalDouble ratio(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0.0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value / baseline);
    }

    /**
     * A quantity per unit, such as CPU seconds per million messages or bytes per message.
     *
     * @param total the quantity
     * @param units how many units it was spent on
     * @param scale units per reported unit (1 for "per message", 1,000,000 for "per million messages")
     * @return {@code total / units * scale}, or NaN when there was no unit
     */
    public static double perUnit(double total, long units, double scale) {
        if (units <= 0) {
            return Double.NaN;
        }
        return total / units * scale;
    }
}
