package dev.pika.spring.listener.container;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a container tries to subscribe again after its channel was closed by the broker or its
 * consumer was cancelled: exponential back-off from {@code initialInterval} by {@code multiplier} up to
 * {@code maxInterval}, at most {@code maxAttempts} attempts in a row (0: forever), each wait spread at random by
 * up to {@code jitter} of itself (so that the listeners of many applications, cancelled together when a queue is
 * deleted or a node fails, do not all try again in the same instant). The auto-configuration takes it from {@code
 * pika.recovery.*}, the connection's recovery policy. A lost connection is not
 * counted here: the connection's own recovery reopens it, and the container subscribes when it is back.
 *
 * <p>Immutable and thread-safe.
 *
 * @param initialInterval the wait before the first new attempt
 * @param multiplier the factor between two waits, at least 1
 * @param maxInterval the longest wait
 * @param maxAttempts attempts in a row before the container gives up ({@code FAILED}); 0 for no limit
 * @param jitter the fraction, from 0 to 1, by which each wait may be shorter or longer, at random
 */
public record ResubscribePolicy(
        Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts, double jitter) {

    /** The jitter of {@link #DEFAULT}, the {@code pika.recovery.jitter} default: {@value}. */
    public static final double DEFAULT_JITTER = 0.1;

    /** One second, doubling, at most 30 seconds, forever, 10 % jitter: the {@code pika.recovery.*} defaults. */
    public static final ResubscribePolicy DEFAULT =
            new ResubscribePolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0, DEFAULT_JITTER);

    /**
     * A policy without jitter: every wait exactly as computed.
     *
     * @param initialInterval the wait before the first new attempt
     * @param multiplier the factor between two waits, at least 1
     * @param maxInterval the longest wait
     * @param maxAttempts attempts in a row before the container gives up; 0 for no limit
     */
    public ResubscribePolicy(Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts) {
        this(initialInterval, multiplier, maxInterval, maxAttempts, 0.0);
    }

    /** Checks the components. */
    public ResubscribePolicy {
        Objects.requireNonNull(initialInterval, "initialInterval must not be null");
        Objects.requireNonNull(maxInterval, "maxInterval must not be null");
        if (initialInterval.isNegative() || maxInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "resubscribe intervals must not be negative (pika.recovery.initial-interval,"
                            + " pika.recovery.max-interval)");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException(
                    "resubscribe multiplier must be at least 1 (pika.recovery.multiplier), but was " + multiplier);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException(
                    "resubscribe max attempts must be >= 0 (pika.recovery.max-attempts), but was " + maxAttempts);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException(
                    "resubscribe jitter must be between 0 and 1 (pika.recovery.jitter), but was " + jitter);
        }
    }

    /**
     * The wait before an attempt.
     *
     * @param attempt 1 for the first attempt after the failure
     * @return the wait
     */
    public Duration delay(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double bounded = Math.min(millis, maxInterval.toMillis());
        if (jitter > 0.0) {
            bounded *= 1.0 + jitter * (2.0 * ThreadLocalRandom.current().nextDouble() - 1.0);
        }
        return Duration.ofMillis(Math.max(0, Math.round(bounded)));
    }

    /**
     * Whether another attempt is allowed.
     *
     * @param attempt the attempt about to be made, 1 for the first
     * @return {@code false} when the limit is reached
     */
    public boolean allows(int attempt) {
        return maxAttempts == 0 || attempt <= maxAttempts;
    }
}
