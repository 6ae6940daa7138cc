package dev.pika.spring.listener.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The pool that runs one container's deliveries: at most {@code concurrency} tasks at once, at
 * most {@code capacity} waiting. {@link #submit} never blocks (the I/O thread calls it): when the queue
 * is full it refuses.
 *
 * <p>Threading: {@link #submit} from one thread at a time (the container's producer is the connection's
 * I/O thread); every other method from any thread.
 */
interface WorkerPool {

    /**
     * Queues a task.
     *
     * @param task the task
     * @return {@code false} when the pool is full or shut down (the task will not run)
     */
    boolean submit(Runnable task);

    /**
     * Removes the waiting tasks that match, without running them.
     *
     * @param filter which tasks to remove
     * @return the removed tasks
     */
    List<Runnable> removeQueued(Predicate<Runnable> filter);

    /** @return tasks running now */
    int activeCount();

    /** @return tasks waiting for a thread */
    int queuedCount();

    /** @return the most tasks that run at once */
    int concurrency();

    /** @return the most tasks that wait, 0 when unbounded */
    int capacity();

    /** Accepts no more tasks; the waiting and running ones still run. */
    void shutdown();

    /**
     * Waits for the running and waiting tasks to end.
     *
     * @param timeout the longest wait
     * @return {@code true} when every task ended
     * @throws InterruptedException when interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Interrupts the running tasks and drops the waiting ones. */
    void shutdownNow();

    /**
     * Creates the pool for a listener: a {@link RingWorkerPool} (no lock or signal per task), over a ring of
     * {@code capacity} slots (a prefetch) or, for capacity 0 (no prefetch), over an unbounded lock-free linked
     * queue.
     *
     * @param listenerId names the threads {@code pika-listener-<id>-N}
     * @param concurrency threads
     * @param capacity waiting tasks, 0 for unbounded
     * @param virtualThreads whether to use virtual threads (ignored, with a log line, before Java 21)
     * @param endOfBatch for a bounded pool, runs the batched wake-up of parked workers after the producer's
     *     batch (see {@link RingWorkerPool}); {@code null} to wake a worker on every submit
     * @return the pool
     */
    static WorkerPool create(
            String listenerId, int concurrency, int capacity, boolean virtualThreads, Executor endOfBatch) {
        String prefix = "pika-listener-" + listenerId + "-";
        boolean virtual = virtualThreads && VirtualThreads.isSupported();
        ThreadFactory threads = virtual ? VirtualThreads.factory(prefix) : platformThreads(prefix);
        return new RingWorkerPool(threads, concurrency, capacity, endOfBatch);
    }

    /**
     * Non-daemon platform threads named {@code <prefix>1}, {@code <prefix>2}...
     *
     * @param prefix the name prefix
     * @return the factory
     */
    static ThreadFactory platformThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + number.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }
}
