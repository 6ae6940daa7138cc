package dev.pika.examples.select;

import java.time.Duration;
import java.util.Objects;

/**
 * The reconnecting consumer's delay, as in Pika's {@code ReconnectingExampleConsumer._get_reconnect_delay}: none
 * after a connection that was consuming (it worked; try again at once), otherwise one step longer than the last
 * delay, capped at {@link #DEFAULT_MAX} (30 s).
 *
 * <p>Not thread-safe: used by the thread that runs the example.
 */
public final class ReconnectDelay {

    /** Pika's step: one second more per failed attempt. */
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(1);

    /** Pika's cap: 30 seconds. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

    private final Duration step;
    private final Duration max;
    private Duration current = Duration.ZERO;

    /** Pika's delays: 1 s more per failed attempt, at most 30 s. */
    public ReconnectDelay() {
        this(DEFAULT_STEP, DEFAULT_MAX);
    }

    /**
     * Delays growing by {@code step} up to {@code max}.
     *
     * @param step how much longer each delay after a connection that was not consuming
     * @param max the longest delay
     */
    public ReconnectDelay(Duration step, Duration max) {
        this.step = Objects.requireNonNull(step, "step");
        this.max = Objects.requireNonNull(max, "max");
        if (step.isNegative() || step.isZero() || max.compareTo(step) < 0) {
            throw new IllegalArgumentException(
                    "step must be positive and max at least step, but were " + step + " and " + max);
        }
    }

    /**
     * The delay before the next connection.
     *
     * @param wasConsuming whether the connection that just ended had started consuming
     * @return zero after a consuming connection, else the last delay plus one step, at most the maximum
     */
    public Duration next(boolean wasConsuming) {
        if (wasConsuming) {
            current = Duration.ZERO;
        } else {
            Duration longer = current.plus(step);
            current = longer.compareTo(max) > 0 ? max : longer;
        }
        return current;
    }
}
