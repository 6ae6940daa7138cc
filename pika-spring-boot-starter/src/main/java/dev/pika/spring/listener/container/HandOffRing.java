package dev.pika.spring.listener.container;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * A bounded FIFO ring with one producer and any number of consumers, without locks: the producer
 * writes the slot and then publishes the tail (one ordered store, no atomic read-modify-write); a
 * consumer claims the head with one compare-and-set and takes the slot's element with one swap. An
 * element can be withdrawn from its slot before a consumer takes it ({@link #removeIf}): the slot then
 * holds a marker that the consumer skips.
 *
 * <p>The ring has twice the power of two at or above the capacity in slots, so a consumer that claimed
 * a slot and has not taken its element yet (it was descheduled between the two steps) does not stop the
 * producer unless {@code capacity} more elements were claimed meanwhile; {@link #offer} then refuses, as
 * when the ring is full.
 *
 * <p>Threading: {@link #offer} from one thread at a time (the producer; in the container, the
 * connection's I/O thread); {@link #poll}, {@link #removeIf}, {@link #size} and {@link #isEmpty} from
 * any thread.
 *
 * @param <T> the element type
 */
final class HandOffRing<T> implements TaskQueue<T> {

    private static final Object WITHDRAWN = new Object();

    private final AtomicReferenceArray<Object> slots;
    private final int mask;
    private final int capacity;
    /** The next index a consumer claims. */
    private final AtomicLong head = new AtomicLong();
    /** The next index the producer writes; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    /** Withdrawn elements whose slots no consumer has skipped yet. */
    private final AtomicInteger withdrawn = new AtomicInteger();

    /**
     * Creates a ring.
     *
     * @param capacity the most elements it holds, at least 1 and at most 2^29
     */
    HandOffRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 29)) {
            throw new IllegalArgumentException("capacity must be between 1 and 2^29, but was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        size <<= 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.capacity = capacity;
    }

    /**
     * Adds an element at the tail; never blocks. Producer thread only.
     *
     * @param element the element
     * @return {@code false} when the ring holds {@code capacity} elements (nothing added)
     */
    @Override
    public boolean offer(T element) {
        if (element == null) {
            throw new NullPointerException("element must not be null");
        }
        long t = tail.get();
        if (t - head.get() >= capacity) {
            return false;
        }
        int i = (int) (t & mask);
        if (slots.get(i) != null) {
            return false; // a consumer claimed this slot a full ring ago and has not taken it yet
        }
        slots.lazySet(i, element);
        tail.set(t + 1); // publishes the slot write
        return true;
    }

    /**
     * Takes the element at the head; never blocks.
     *
     * @return the oldest element, or {@code null} when the ring is empty
     */
    @SuppressWarnings("unchecked")
    @Override
    public T poll() {
        for (; ; ) {
            long h = head.get();
            if (h >= tail.get()) {
                return null;
            }
            if (!head.compareAndSet(h, h + 1)) {
                continue;
            }
            Object element = slots.getAndSet((int) (h & mask), null);
            if (element != WITHDRAWN) {
                return (T) element;
            }
            withdrawn.decrementAndGet();
        }
    }

    /**
     * Withdraws the waiting elements that match; they are never returned by {@link #poll}.
     *
     * @param filter which elements to withdraw
     * @return the withdrawn elements, oldest first
     */
    @SuppressWarnings("unchecked")
    @Override
    public List<T> removeIf(Predicate<? super T> filter) {
        List<T> removed = new ArrayList<>();
        long end = tail.get();
        for (long index = head.get(); index < end; index++) {
            int i = (int) (index & mask);
            Object element = slots.get(i);
            if (element != null
                    && element != WITHDRAWN
                    && filter.test((T) element)
                    && slots.compareAndSet(i, element, WITHDRAWN)) {
                withdrawn.incrementAndGet();
                removed.add((T) element);
            }
        }
        return removed;
    }

    /** @return elements waiting; a moment's view */
    @Override
    public int size() {
        long t = tail.get();
        return (int) Math.max(0, t - head.get() - withdrawn.get());
    }

    /** @return whether no element waits; a moment's view */
    @Override
    public boolean isEmpty() {
        return head.get() >= tail.get();
    }

    /** @return the most elements the ring holds */
    @Override
    public int capacity() {
        return capacity;
    }
}
