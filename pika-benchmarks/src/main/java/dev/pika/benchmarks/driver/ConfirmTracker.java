package dev.pika.benchmarks.driver;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One publisher's outstanding confirms: a window of at most {@code window} unconfirmed messages, settled by the
 * broker's {@code basic.ack}/{@code basic.nack} with or without {@code multiple}.
 *
 * <p>Publish sequence numbers are registered in increasing order ({@link #published(long)}) and kept in a ring, so
 * settling is cheap whether the broker confirms one at a time, several at once, or out of order.
 *
 * <p>Thread-safe: the publishing thread registers and waits, the client's thread settles (a monitor, held briefly).
 */
public final class ConfirmTracker {

    private static final long MAX_WAIT_MILLIS = 10;

    private final int window;
    private long[] sequences;
    private boolean[] settled;
    private int head;
    private int size;
    private int outstanding;
    private int waiters;
    private long lastSequence;

    /**
     * Creates a tracker.
     *
     * @param window the most unconfirmed messages at once, at least 1
     * @throws IllegalArgumentException when {@code window} is below 1
     */
    public ConfirmTracker(int window) {
        if (window < 1) {
            throw new IllegalArgumentException(
                    "window must be at least 1 (unconfirmed messages at once), got " + window);
        }
        this.window = window;
        int capacity = Integer.highestOneBit(Math.min(window, 1 << 20) * 2 - 1);
        this.sequences = new long[Math.max(2, capacity * 2)];
        this.settled = new boolean[sequences.length];
    }

    /**
     * The window.
     *
     * @return the most unconfirmed messages at once
     */
    public int window() {
        return window;
    }

    /**
     * The messages published and neither confirmed nor refused yet.
     *
     * @return the count
     */
    public synchronized int outstanding() {
        return outstanding;
    }

    /**
     * Whether one more message fits in the window now.
     *
     * @return true when fewer than {@code window} are outstanding
     */
    public synchronized boolean hasSlot() {
        return outstanding < window;
    }

    /**
     * Waits until one more message fits in the window.
     *
     * @param stopRequested checked while waiting
     * @return true when there is room; false when a stop was requested first
     */
    public synchronized boolean awaitSlot(BooleanSupplier stopRequested) {
        while (outstanding >= window) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            waitBriefly(MAX_WAIT_MILLIS);
        }
        return true;
    }

    /**
     * Registers a message about to be published.
     *
     * @param sequence its publish sequence number (positive, above every earlier one)
     * @throws IllegalArgumentException when the sequence number does not increase
     */
    public synchronized void published(long sequence) {
        if (sequence <= lastSequence) {
            throw new IllegalArgumentException("publish sequence numbers must increase: " + sequence + " after "
                    + lastSequence + " (register each message once, in publish order)");
        }
        lastSequence = sequence;
        if (size == sequences.length) {
            grow();
        }
        int slot = (head + size) & (sequences.length - 1);
        sequences[slot] = sequence;
        settled[slot] = false;
        size++;
        outstanding++;
    }

    /**
     * The broker settled messages (ack or nack alike: either way they leave the window).
     *
     * @param sequence the delivery tag of the confirm
     * @param multiple whether every earlier outstanding message is settled too
     * @return how many outstanding messages this settled (0 for an unknown or already settled tag)
     */
    public synchronized int settle(long sequence, boolean multiple) {
        return settle(sequence, multiple, settled -> {});
    }

    /**
     * The broker settled messages; {@code onSettled} sees the count before any waiting thread wakes up, so that a
     * publisher whose {@link #awaitSettled(Duration)} returns also sees what was counted.
     *
     * @param sequence the delivery tag of the confirm
     * @param multiple whether every earlier outstanding message is settled too
     * @param onSettled called with the number settled (also 0), holding this tracker's monitor
     * @return how many outstanding messages this settled
     */
    public synchronized int settle(long sequence, boolean multiple, IntConsumer onSettled) {
        int count = 0;
        int mask = sequences.length - 1;
        if (multiple) {
            while (size > 0 && sequences[head] <= sequence) {
                if (!settled[head]) {
                    count++;
                }
                head = (head + 1) & mask;
                size--;
            }
        } else {
            int index = find(sequence);
            if (index >= 0 && !settled[index]) {
                settled[index] = true;
                count = 1;
            }
            while (size > 0 && settled[head]) {
                head = (head + 1) & mask;
                size--;
            }
        }
        outstanding -= count;
        onSettled.accept(count);
        if (count > 0 && waiters > 0) {
            notifyAll();
        }
        return count;
    }

    /**
     * Waits until every published message is settled.
     *
     * @param timeout the longest wait
     * @return true when nothing is outstanding; false when the timeout passed first
     */
    public synchronized boolean awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitBriefly(Math.max(1, Math.min(MAX_WAIT_MILLIS, left / 1_000_000)));
        }
        return true;
    }

    private void waitBriefly(long millis) {
        waiters++;
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting for publisher confirms", e);
        } finally {
            waiters--;
        }
    }

    private int find(long sequence) {
        int mask = sequences.length - 1;
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = sequences[(head + mid) & mask];
            if (value < sequence) {
                low = mid + 1;
            } else if (value > sequence) {
                high = mid - 1;
            } else {
                return (head + mid) & mask;
            }
        }
        return -1;
    }

    private void grow() {
        long[] newSequences = new long[sequences.length * 2];
        boolean[] newSettled = new boolean[newSequences.length];
        int mask = sequences.length - 1;
        for (int i = 0; i < size; i++) {
            newSequences[i] = sequences[(head + i) & mask];
            newSettled[i] = settled[(head + i) & mask];
        }
        sequences = newSequences;
        settled = newSettled;
        head = 0;
    }
}
