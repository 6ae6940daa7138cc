package dev.pika.reliability;

import dev.pika.exceptions.AmqpException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the publishes that were not confirmed reached the application: a count per exception type, and the ones that
 * were not a typed {@link AmqpException} (the promise is that there are none).
 *
 * <p>Thread-safe.
 */
final class PublishFailures {

    private final Map<String, Long> byType = new TreeMap<>();
    private long untyped;
    private Throwable firstUntyped;

    /** Records one failed-back publish and returns its unwrapped cause. */
    synchronized Throwable record(Throwable failure) {
        Throwable cause = unwrap(failure);
        byType.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
        if (!(cause instanceof AmqpException)) {
            untyped++;
            if (firstUntyped == null) {
                firstUntyped = cause;
            }
        }
        return cause;
    }

    /** Failures that were not an {@link AmqpException}. */
    synchronized long untyped() {
        return untyped;
    }

    /** The first untyped failure, or {@code null}. */
    synchronized Throwable firstUntyped() {
        return firstUntyped;
    }

    /** Count per simple class name. */
    synchronized Map<String, Long> byType() {
        return new TreeMap<>(byType);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public synchronized String toString() {
        return byType + (untyped == 0 ? "" : " untyped " + untyped + " e.g. " + firstUntyped);
    }
}
