package dev.pika.spring.listener.container;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The unbounded {@link TaskQueue} of a listener without a prefetch: a lock-free linked queue (one node allocation
 * and one compare-and-set per element, no lock and no signal) with a count beside it, so that {@link #size} does not
 * walk the queue (a listener without a prefetch can have a long backlog, and metrics read the size).
 *
 * <p>Thread-safe: any number of producers and consumers.
 *
 * @param <T> the element type
 */
final class LinkedTaskQueue<T> implements TaskQueue<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public boolean offer(T element) {
        queue.offer(element);
        size.incrementAndGet();
        return true;
    }

    @Override
    public T poll() {
        T element = queue.poll();
        if (element != null) {
            size.decrementAndGet();
        }
        return element;
    }

    @Override
    public List<T> removeIf(Predicate<? super T> filter) {
        List<T> removed = new ArrayList<>();
        for (T element : queue) {
            if (filter.test(element) && queue.remove(element)) {
                size.decrementAndGet();
                removed.add(element);
            }
        }
        return removed;
    }

    @Override
    public int size() {
        return Math.max(0, size.get());
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int capacity() {
        return 0;
    }
}
