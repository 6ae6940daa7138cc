package dev.pika.examples.blocking;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;

/**
 * The back-off of Python's {@code retry} decorator as Pika's README uses it ({@code @retry(AMQPConnectionError,
 * delay=5, jitter=(1, 3))}), as a spring-retry {@link BackOffPolicy}: the first pause is {@code delay}, and every pause
 * after it is the previous one plus a random jitter between {@code minJitter} and {@code maxJitter} (5 s, then about
 * 7 s, 9 s...), so that many clients do not reconnect in step.
 *
 * <p>Immutable and thread-safe; each retry sequence keeps its own state in its {@link BackOffContext}.
 */
public final class JitterBackOffPolicy implements BackOffPolicy {

    private final Duration delay;
    private final Duration minJitter;
    private final Duration maxJitter;
    private final Sleeper sleeper;

    /**
     * @param delay the first pause
     * @param minJitter the least a pause grows by
     * @param maxJitter the most a pause grows by
     */
    public JitterBackOffPolicy(Duration delay, Duration minJitter, Duration maxJitter) {
        this(delay, minJitter, maxJitter, new ThreadWaitSleeper());
    }

    /**
     * @param delay the first pause
     * @param minJitter the least a pause grows by
     * @param maxJitter the most a pause grows by
     * @param sleeper how to pause (a recording one in tests)
     * @throws IllegalArgumentException when a duration is negative or {@code minJitter > maxJitter}
     */
    public JitterBackOffPolicy(Duration delay, Duration minJitter, Duration maxJitter, Sleeper sleeper) {
        this.delay = requireNotNegative(delay, "delay");
        this.minJitter = requireNotNegative(minJitter, "minJitter");
        this.maxJitter = requireNotNegative(maxJitter, "maxJitter");
        if (minJitter.compareTo(maxJitter) > 0) {
            throw new IllegalArgumentException(
                    "minJitter (" + minJitter + ") must not be greater than maxJitter (" + maxJitter + ")");
        }
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    private static Duration requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + value);
        }
        return value;
    }

    /** The next pause of one retry sequence. */
    private static final class Pause implements BackOffContext {
        private static final long serialVersionUID = 1L;
        private long millis;

        Pause(long millis) {
            this.millis = millis;
        }
    }

    @Override
    public BackOffContext start(RetryContext context) {
        return new Pause(delay.toMillis());
    }

    @Override
    public void backOff(BackOffContext backOffContext) throws BackOffInterruptedException {
        Pause pause = (Pause) backOffContext;
        long sleep = pause.millis;
        pause.millis += ThreadLocalRandom.current().nextLong(minJitter.toMillis(), maxJitter.toMillis() + 1);
        try {
            sleeper.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackOffInterruptedException(
                    "interrupted while waiting " + sleep + " ms before the next attempt", e);
        }
    }

    @Override
    public String toString() {
        return "JitterBackOffPolicy[delay=" + delay + ", jitter=" + minJitter + ".." + maxJitter + "]";
    }
}
