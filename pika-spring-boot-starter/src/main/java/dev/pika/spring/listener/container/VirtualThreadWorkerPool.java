package dev.pika.spring.listener.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link WorkerPool} on virtual threads (Java 21+): a bounded FIFO queue and a {@link Semaphore} of
 * {@code concurrency} permits taken with {@code tryAcquire}, so {@link #submit} never blocks. A virtual
 * thread is started per permit and runs queued tasks until the queue is empty, then ends. With one permit
 * the tasks run in submission order.
 *
 * <p>Thread-safe.
 */
final class VirtualThreadWorkerPool implements WorkerPool {

    private final ThreadFactory threads;
    private final int concurrency;
    private final int capacity;
    private final BlockingQueue<Runnable> queue;
    private final Semaphore permits;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    VirtualThreadWorkerPool(String prefix, int concurrency, int capacity) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        this.threads = VirtualThreads.factory(prefix);
        this.concurrency = concurrency;
        this.capacity = Math.max(0, capacity);
        this.queue = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : new LinkedBlockingQueue<>();
        this.permits = new Semaphore(concurrency);
    }

    @Override
    public boolean submit(Runnable task) {
        if (shutdown || !queue.offer(task)) {
            return false;
        }
        startDrainer();
        return true;
    }

    private void startDrainer() {
        while (!queue.isEmpty() && permits.tryAcquire()) {
            Thread thread = threads.newThread(this::drain);
            running.add(thread);
            thread.start();
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = queue.poll()) != null) {
                active.incrementAndGet();
                try {
                    task.run();
                } finally {
                    active.decrementAndGet();
                }
            }
        } finally {
            running.remove(Thread.currentThread());
            permits.release();
            startDrainer(); // a task queued between the last poll and the release
        }
    }

    @Override
    public List<Runnable> removeQueued(Predicate<Runnable> filter) {
        List<Runnable> removed = new ArrayList<>();
        for (Runnable task : queue.toArray(new Runnable[0])) {
            if (filter.test(task) && queue.remove(task)) {
                removed.add(task);
            }
        }
        return removed;
    }

    @Override
    public int activeCount() {
        return active.get();
    }

    @Override
    public int queuedCount() {
        return queue.size();
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || permits.availablePermits() < concurrency) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (permits.tryAcquire(
                    concurrency, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
                permits.release(concurrency);
            }
        }
        for (Thread thread : running) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return true;
    }

    @Override
    public void shutdownNow() {
        shutdown = true;
        queue.clear();
        running.forEach(Thread::interrupt);
    }
}
