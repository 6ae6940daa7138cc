package dev.pika.benchmarks.driver.pikaselect;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer ring of message bodies: the producer thread {@link #offer}s, the loop
 * thread {@link #poll}s. No lock and no allocation per element: the producer publishes an element by advancing the
 * tail (release), the consumer frees a slot by advancing the head (release).
 *
 * <p>Thread-safe for exactly one producer thread and one consumer thread; {@link #size()} from either.
 */
final class BodyRing {

    private final byte[][] slots;
    private final int mask;
    /** Next slot to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    /** Producer's cached view of {@link #head}, refreshed when the ring looks full. */
    private long headCache;

    /**
     * Creates a ring.
     *
     * @param capacity the most bodies it holds, rounded up to a power of two; at least 2
     */
    BodyRing(int capacity) {
        if (capacity < 2 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("capacity must be between 2 and 2^24, got " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.slots = new byte[size][];
        this.mask = size - 1;
    }

    /**
     * The most bodies the ring holds.
     *
     * @return the capacity
     */
    int capacity() {
        return slots.length;
    }

    /**
     * Producer: appends a body.
     *
     * @param body the body
     * @return false when the ring is full (nothing was added)
     */
    boolean offer(byte[] body) {
        long t = tail.get();
        if (t - headCache >= slots.length) {
            headCache = head.get();
            if (t - headCache >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask] = body;
        tail.lazySet(t + 1);
        return true;
    }

    /**
     * Producer: whether the ring is full now.
     *
     * @return true when an {@link #offer} would fail
     */
    boolean isFull() {
        return tail.get() - head.get() >= slots.length;
    }

    /**
     * Consumer: takes the oldest body.
     *
     * @return the body, or {@code null} when the ring is empty
     */
    byte[] poll() {
        long h = head.get();
        if (h >= tail.get()) {
            return null;
        }
        int index = (int) h & mask;
        byte[] body = slots[index];
        slots[index] = null;
        head.lazySet(h + 1);
        return body;
    }

    /**
     * Either side: the bodies in the ring now (a moment's view).
     *
     * @return the count
     */
    int size() {
        return (int) (tail.get() - head.get());
    }

    /**
     * Either side: whether the ring is empty now.
     *
     * @return true when it holds nothing
     */
    boolean isEmpty() {
        return tail.get() == head.get();
    }
}
