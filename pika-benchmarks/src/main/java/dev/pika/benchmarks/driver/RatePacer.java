package dev.pika.benchmarks.driver;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Spaces one producer's publishes at a fixed rate: message {@code n} is due at {@code start + n / rate}. A producer
 * that falls behind publishes without waiting until it is back on schedule, so the rate holds over the run (and the
 * latency of a slow client shows instead of being hidden by a slower schedule).
 *
 * <p>Not thread-safe: one per producer.
 */
public final class RatePacer {

    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final double intervalNanos;
    private final LongSupplier clock;
    private long startNanos;
    private boolean started;
    private long count;

    /**
     * Creates a pacer on {@link System#nanoTime()}.
     *
     * @param ratePerSecond messages per second, above 0
     * @throws IllegalArgumentException when the rate is not positive
     */
    public RatePacer(double ratePerSecond) {
        this(ratePerSecond, System::nanoTime);
    }

    RatePacer(double ratePerSecond, LongSupplier clock) {
        if (!(ratePerSecond > 0.0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be a positive number (messages per second, "
                    + "or no pacer for an unlimited rate), got " + ratePerSecond);
        }
        this.intervalNanos = 1_000_000_000.0 / ratePerSecond;
        this.clock = clock;
    }

    /**
     * How long until the next message is due; the schedule starts at the first call.
     *
     * @return nanoseconds to wait, 0 when it is due now or overdue
     */
    public long nanosUntilNext() {
        long now = clock.getAsLong();
        if (!started) {
            started = true;
            startNanos = now;
        }
        long due = startNanos + (long) (count * intervalNanos);
        return Math.max(0L, due - now);
    }

    /** Counts one message as sent: the next one is due one interval later. */
    public void advance() {
        count++;
    }

    /**
     * Waits until the next message is due, then counts it.
     *
     * @param stopRequested checked while waiting
     * @return true when the message may be sent now; false when a stop was requested first
     */
    public boolean awaitNext(BooleanSupplier stopRequested) {
        long wait;
        while ((wait = nanosUntilNext()) > 0) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
        advance();
        return true;
    }
}
