package dev.pika.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures how long the clients take to work again after each fault: from {@link #fault()} to the first confirmed
 * publish ({@link #published()}) and the first delivery ({@link #consumed()}) after it; a fault's recovery time is
 * the later of the two (only the sides that were expected to progress count: a side that makes no progress before
 * the next fault is left out of that fault's figure).
 *
 * <p>Thread-safe: progress is reported from I/O and application threads, faults from the test thread. The progress
 * calls are cheap when nothing is pending (one volatile read).
 */
final class RecoveryClock {

    private final List<Long> recoveries = new ArrayList<>();
    private volatile boolean pending;
    private long faultNanos;
    private long publishedAfter = -1;
    private long consumedAfter = -1;

    /** Marks a fault now (closing the previous fault's measurement). */
    synchronized void fault() {
        close();
        faultNanos = System.nanoTime();
        publishedAfter = -1;
        consumedAfter = -1;
        pending = true;
    }

    /** A publish was confirmed. */
    void published() {
        if (pending) {
            progress(true);
        }
    }

    /** A message was delivered. */
    void consumed() {
        if (pending) {
            progress(false);
        }
    }

    private synchronized void progress(boolean publish) {
        if (!pending) {
            return;
        }
        long elapsed = System.nanoTime() - faultNanos;
        if (publish && publishedAfter < 0) {
            publishedAfter = elapsed;
        } else if (!publish && consumedAfter < 0) {
            consumedAfter = elapsed;
        }
        if (publishedAfter >= 0 && consumedAfter >= 0) {
            close();
        }
    }

    private void close() {
        if (pending) {
            long recovery = Math.max(publishedAfter, consumedAfter);
            if (recovery >= 0) {
                recoveries.add(recovery);
            }
            pending = false;
        }
    }

    /** Closes the last fault's measurement (call after the run). */
    synchronized void finish() {
        close();
    }

    /** How many faults were followed by progress. */
    synchronized int measured() {
        return recoveries.size();
    }

    /** The longest recovery, or {@code null} when none was measured. */
    synchronized Duration max() {
        return recoveries.isEmpty() ? null : Duration.ofNanos(Collections.max(recoveries));
    }

    /** The median recovery, or {@code null} when none was measured. */
    synchronized Duration median() {
        if (recoveries.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(recoveries);
        Collections.sort(sorted);
        return Duration.ofNanos(sorted.get(sorted.size() / 2));
    }
}
