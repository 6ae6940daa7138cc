package dev.pika.reliability;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The ids a publisher still has to publish: ids failed back to it first (it republishes them), then new ids in order
 * up to an allowance the fault driver raises as it goes (so that the faults fall during the traffic instead of after
 * it), at most {@code total}.
 *
 * <p>Thread-safe: several publishing threads may take ids while the driver raises the allowance.
 */
final class IdSource {

    private final long total;
    private final ArrayDeque<Long> retries = new ArrayDeque<>();
    private long next;
    private long allowance;

    /** Ids {@code 0 .. total-1}, all allowed until {@link #allow} says otherwise. */
    IdSource(long total) {
        this.total = total;
        this.allowance = total;
    }

    /** How many distinct ids there are. */
    long total() {
        return total;
    }

    /** Lets new ids up to (excluding) {@code count} be taken; never lowers the allowance below what was taken. */
    synchronized void allow(long count) {
        allowance = Math.min(total, count);
        notifyAll();
    }

    /** Gives {@code id} back to be published again (it was failed back to the publisher). */
    synchronized void retry(long id) {
        retries.add(id);
        notifyAll();
    }

    /** The next id to publish, or {@code null} when none is available now. */
    synchronized Long poll() {
        Long retry = retries.poll();
        if (retry != null) {
            return retry;
        }
        if (next < total && next < allowance) {
            return next++;
        }
        return null;
    }

    /** Waits at most {@code timeout} for the next id; {@code null} when none became available. */
    synchronized Long take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long id;
        while ((id = poll()) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return id;
    }

    /** Whether every new id was taken and no retry is waiting (in-flight publishes may still fail back). */
    synchronized boolean drained() {
        return next >= total && retries.isEmpty();
    }
}
