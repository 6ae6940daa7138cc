package dev.pika.spring.listener.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A bounded {@link WorkerPool} without a lock or a signal per task: tasks go through a {@link
 * HandOffRing} (one producer, the workers consume), and a worker parks only when it finds the ring
 * empty. {@link #submit} unparks one worker only when one is parked (a busy worker costs the producer
 * one volatile read per task, nothing more), and starts a new thread, up to {@code concurrency}, only
 * when none is parked. With one thread, tasks run in submission order.
 *
 * <p>No lost wake-up: a worker announces that it parks (a volatile write) and then looks at the ring
 * again before parking; the producer publishes the task (a volatile write) and then looks for parked
 * workers. One of the two sees the other.
 *
 * <p>The threads come from the factory given (platform or virtual threads) and end after {@link
 * #shutdown()}, once the ring is empty.
 *
 * <p>Threading: {@link #submit} from one thread at a time (the connection's I/O thread in the
 * container); every other method from any thread.
 */
final class RingWorkerPool implements WorkerPool {

    private static final Log LOG = LogFactory.getLog(RingWorkerPool.class);

    private final HandOffRing<Runnable> ring;
    private final ThreadFactory threads;
    private final Worker[] workers;
    /** Workers started; grows on the producer's thread only. */
    private volatile int started;
    /** Workers parked or about to park. */
    private final AtomicInteger parked = new AtomicInteger();

    private volatile boolean shutdown;
    private volatile boolean dropQueued;

    /**
     * Creates the pool; no thread starts before the first task.
     *
     * @param threads makes the worker threads (names them)
     * @param concurrency the most threads
     * @param capacity the most waiting tasks, at least 1
     */
    RingWorkerPool(ThreadFactory threads, int concurrency, int capacity) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        this.ring = new HandOffRing<>(capacity);
        this.threads = threads;
        this.workers = new Worker[concurrency];
    }

    @Override
    public boolean submit(Runnable task) {
        if (shutdown || !ring.offer(task)) {
            return false;
        }
        if (parked.get() > 0) {
            wakeOne();
        } else if (started < workers.length) {
            startWorker();
        }
        if (shutdown && !ring.removeIf(queued -> queued == task).isEmpty()) {
            return false; // shut down meanwhile; the workers may have ended: not queued after all
        }
        return true;
    }

    private void startWorker() {
        Worker worker = new Worker();
        Thread thread = threads.newThread(worker);
        worker.thread = thread;
        workers[started] = worker;
        started = started + 1;
        thread.start();
    }

    private void wakeOne() {
        int count = started;
        for (int i = 0; i < count; i++) {
            if (workers[i].unparkIfParked()) {
                return;
            }
        }
    }

    @Override
    public List<Runnable> removeQueued(Predicate<Runnable> filter) {
        return ring.removeIf(filter);
    }

    @Override
    public int activeCount() {
        int active = 0;
        int count = started;
        for (int i = 0; i < count; i++) {
            if (workers[i].active.get()) {
                active++;
            }
        }
        return active;
    }

    @Override
    public int queuedCount() {
        return ring.size();
    }

    @Override
    public int concurrency() {
        return workers.length;
    }

    @Override
    public int capacity() {
        return ring.capacity();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        int count = started;
        for (int i = 0; i < count; i++) {
            workers[i].unparkIfParked();
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        int count = started;
        for (int i = 0; i < count; i++) {
            Thread thread = workers[i].thread;
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void shutdownNow() {
        dropQueued = true;
        shutdown();
        ring.removeIf(task -> true);
        int count = started;
        for (int i = 0; i < count; i++) {
            workers[i].thread.interrupt();
        }
    }

    /** One worker thread's loop and its flags. */
    private final class Worker implements Runnable {

        final AtomicBoolean active = new AtomicBoolean();
        final AtomicBoolean parkedFlag = new AtomicBoolean();
        volatile Thread thread;

        @Override
        public void run() {
            for (; ; ) {
                Runnable task = ring.poll();
                if (task != null) {
                    runTask(task);
                } else if (shutdown) {
                    return;
                } else {
                    park();
                }
            }
        }

        private void runTask(Runnable task) {
            if (dropQueued) {
                return;
            }
            Thread.interrupted(); // an interrupt left by the previous task is not this one's
            active.lazySet(true);
            try {
                task.run();
            } catch (Throwable error) {
                LOG.error(
                        "Listener task failed on " + Thread.currentThread().getName() + "; the worker goes on", error);
            } finally {
                active.lazySet(false);
            }
        }

        private void park() {
            parkedFlag.set(true);
            parked.incrementAndGet();
            if (!ring.isEmpty() || shutdown) {
                unparkSelf();
                return;
            }
            Thread.interrupted(); // park returns at once while the interrupt flag is set
            LockSupport.park(this);
            unparkSelf(); // woken spuriously, or the waker already cleared the flag
        }

        private void unparkSelf() {
            if (parkedFlag.compareAndSet(true, false)) {
                parked.decrementAndGet();
            }
        }

        /** @return whether this call woke the worker */
        boolean unparkIfParked() {
            if (parkedFlag.get() && parkedFlag.compareAndSet(true, false)) {
                parked.decrementAndGet();
                LockSupport.unpark(thread);
                return true;
            }
            return false;
        }
    }
}
