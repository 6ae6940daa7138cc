package dev.pika.spring.connection.recovery;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.SleepingBackOffPolicy;
import org.springframework.retry.backoff.ThreadWaitSleeper;

/**
 * Exponential back-off with symmetric jitter, the recovery's default: the n-th wait (from 1) is
 * {@code min(initialInterval * multiplier^(n-1), maxInterval)}, then spread uniformly by {@code
 * ±jitter} of itself (jitter 0.1: between 90% and 110%), so that many clients cut off together do not
 * reconnect in step. Spring Retry's {@code ExponentialRandomBackOffPolicy} only ever lengthens the
 * wait; this one centres it on the configured interval.
 *
 * <p>Immutable and thread-safe; each retry gets its own {@link BackOffContext}. Sleeping is done by
 * the {@link Sleeper} (the calling thread's {@code Thread.sleep} by default); an interrupt ends the
 * wait with {@link BackOffInterruptedException}.
 */
public final class JitteredExponentialBackOffPolicy implements SleepingBackOffPolicy<JitteredExponentialBackOffPolicy> {

    /** Default first wait: 1 second. */
    public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(1);

    /** Default factor between waits: {@value}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;

    /** Default longest wait: 30 seconds. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(30);

    /** Default spread: {@value} (±10%). */
    public static final double DEFAULT_JITTER = 0.1;

    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private final double jitter;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * Creates the policy with the calling thread's sleep and a thread-local random source.
     *
     * @param initialInterval the first wait, positive
     * @param multiplier the factor between waits, at least 1
     * @param maxInterval the longest wait before jitter, at least {@code initialInterval}
     * @param jitter the spread as a fraction of the wait, 0 to 1
     */
    public JitteredExponentialBackOffPolicy(
            Duration initialInterval, double multiplier, Duration maxInterval, double jitter) {
        this(
                initialInterval,
                multiplier,
                maxInterval,
                jitter,
                new ThreadWaitSleeper(),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    private JitteredExponentialBackOffPolicy(
            Duration initialInterval,
            double multiplier,
            Duration maxInterval,
            double jitter,
            Sleeper sleeper,
            DoubleSupplier random) {
        Objects.requireNonNull(initialInterval, "initialInterval must not be null");
        Objects.requireNonNull(maxInterval, "maxInterval must not be null");
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException("initialInterval must be positive, but was " + initialInterval
                    + " (pika.recovery.initial-interval)");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException(
                    "multiplier must be at least 1, but was " + multiplier + " (pika.recovery.multiplier)");
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("maxInterval (" + maxInterval + ") must not be shorter than"
                    + " initialInterval (" + initialInterval + ") (pika.recovery.max-interval)");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException(
                    "jitter must be between 0 and 1, but was " + jitter + " (pika.recovery.jitter)");
        }
        this.initialMillis = initialInterval.toMillis();
        this.multiplier = multiplier;
        this.maxMillis = maxInterval.toMillis();
        this.jitter = jitter;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
        this.random = Objects.requireNonNull(random, "random must not be null");
    }

    /**
     * The same policy sleeping with {@code sleeper} (tests use a recording one).
     *
     * @param newSleeper the sleeper
     * @return a new policy
     */
    @Override
    public JitteredExponentialBackOffPolicy withSleeper(Sleeper newSleeper) {
        return new JitteredExponentialBackOffPolicy(
                Duration.ofMillis(initialMillis), multiplier, Duration.ofMillis(maxMillis), jitter, newSleeper, random);
    }

    /**
     * The same policy drawing its jitter from {@code newRandom} (values in [0, 1)); for tests.
     *
     * @param newRandom the source of uniform values in [0, 1)
     * @return a new policy
     */
    public JitteredExponentialBackOffPolicy withRandom(DoubleSupplier newRandom) {
        return new JitteredExponentialBackOffPolicy(
                Duration.ofMillis(initialMillis), multiplier, Duration.ofMillis(maxMillis), jitter, sleeper, newRandom);
    }

    /**
     * The wait before attempt {@code n + 1}, before jitter.
     *
     * @param n how many attempts failed so far, from 1
     * @return the interval in milliseconds
     */
    public long intervalMillis(int n) {
        double interval = initialMillis;
        for (int i = 1; i < n && interval < maxMillis; i++) {
            interval *= multiplier;
        }
        return (long) Math.min(interval, maxMillis);
    }

    @Override
    public BackOffContext start(RetryContext context) {
        return new Context();
    }

    @Override
    public void backOff(BackOffContext backOffContext) throws BackOffInterruptedException {
        Context context = (Context) backOffContext;
        context.waits++;
        long wait = jittered(intervalMillis(context.waits));
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackOffInterruptedException("Interrupted while waiting " + wait + " ms to reconnect", e);
        }
    }

    private long jittered(long interval) {
        if (jitter == 0.0) {
            return interval;
        }
        double factor = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
        return Math.max(0L, Math.round(interval * factor));
    }

    @Override
    public String toString() {
        return "JitteredExponentialBackOffPolicy[initial=" + initialMillis + "ms, multiplier=" + multiplier + ", max="
                + maxMillis + "ms, jitter=" + jitter + "]";
    }

    /** How many waits this retry has had. Confined to the retrying thread. */
    private static final class Context implements BackOffContext {
        private static final long serialVersionUID = 1L;
        private int waits;
    }
}
