package dev.pika.spring.listener.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link WorkerPool} of {@code concurrency} platform threads named {@code <prefix>N} over a bounded
 * FIFO queue (so with one thread, tasks run in submission order). Threads start on demand and end at
 * {@link #shutdown()}.
 *
 * <p>Thread-safe.
 */
final class PlatformThreadWorkerPool implements WorkerPool {

    private final ThreadPoolExecutor executor;
    private final int capacity;

    PlatformThreadWorkerPool(String prefix, int concurrency, int capacity) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        this.capacity = Math.max(0, capacity);
        BlockingQueue<Runnable> queue = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : new LinkedBlockingQueue<>();
        AtomicInteger number = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, prefix + number.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(
                concurrency,
                concurrency,
                0,
                TimeUnit.MILLISECONDS,
                queue,
                threads,
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public List<Runnable> removeQueued(Predicate<Runnable> filter) {
        List<Runnable> removed = new ArrayList<>();
        for (Runnable task : executor.getQueue().toArray(new Runnable[0])) {
            if (filter.test(task) && executor.getQueue().remove(task)) {
                removed.add(task);
            }
        }
        return removed;
    }

    @Override
    public int activeCount() {
        return executor.getActiveCount();
    }

    @Override
    public int queuedCount() {
        return executor.getQueue().size();
    }

    @Override
    public int concurrency() {
        return executor.getMaximumPoolSize();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdownNow() {
        executor.shutdownNow();
    }
}
