package dev.pika.spring.listener.container;

import java.util.List;
import java.util.function.Predicate;

/**
 * The queue between a {@link RingWorkerPool}'s producer and its workers: the bounded {@link HandOffRing} when the
 * listener has a prefetch, the unbounded {@link LinkedTaskQueue} when it has none.
 *
 * <p>Threading: {@link #offer} from one thread at a time (the producer); everything else from any thread.
 *
 * @param <T> the element type
 */
interface TaskQueue<T> {

    /**
     * Adds an element at the tail.
     *
     * @param element the element, not null
     * @return {@code false} when a bounded queue is full (nothing added)
     */
    boolean offer(T element);

    /**
     * Takes the head element.
     *
     * @return the element, or {@code null} when the queue is empty
     */
    T poll();

    /**
     * Withdraws the queued elements that match, so that no consumer takes them.
     *
     * @param filter which elements to withdraw
     * @return the elements withdrawn, in queue order
     */
    List<T> removeIf(Predicate<? super T> filter);

    /** @return the number of queued elements (a snapshot) */
    int size();

    /** @return whether no element is queued */
    boolean isEmpty();

    /** @return the most elements the queue holds, or 0 when it is unbounded */
    int capacity();
}
