package dev.pika.spring.listener.container;

import dev.pika.io.DiscardableCallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link WorkerPool} without a lock or a signal per task: tasks go through a {@link HandOffRing} (bounded: a
 * listener with a prefetch) or a {@link LinkedTaskQueue} (unbounded: no prefetch), one producer, the workers
 * consume, and a worker parks only when it finds the queue empty. {@link #submit} unparks one worker only when one is parked (a busy worker costs the producer
 * one volatile read per task, nothing more), and starts a new thread, up to {@code concurrency}, only
 * when none is parked. With one thread, tasks run in submission order.
 *
 * <p>Batched wake-ups: a pool created with an end-of-batch executor (the container passes its connection's
 * I/O loop) does not unpark a worker for every task. The I/O thread decodes a whole read's deliveries in
 * one turn; waking a parked worker for the first of them makes it run, drain the ring faster than the
 * I/O thread fills it, park, and be woken again for the next one: a futex wake and a context switch per
 * delivery. Instead {@link #submit} counts the tasks queued while workers are parked and wakes them once,
 * from a callback that the loop runs after the turn's reads, or at once when {@link #wakeBatch()} tasks
 * wait. A worker that is running is never delayed (it takes tasks as they are published); a parked one
 * starts at most one read's decoding later. A connection that closes with the callback queued hands it
 * back ({@link DiscardableCallback}): the workers are woken then.
 *
 * <p>No lost wake-up: a worker announces that it parks (a volatile write) and then looks at the ring
 * again before parking; the producer publishes the task (a volatile write) and then looks for parked
 * workers, either in {@link #submit} or, batched, in the end-of-batch callback that it queues in the
 * same call. One of the two sees the other.
 *
 * <p>The threads come from the factory given (platform or virtual threads) and end after {@link
 * #shutdown()}, once the ring is empty.
 *
 * <p>Threading: {@link #submit} from one thread at a time (the connection's I/O thread in the
 * container; with an end-of-batch executor, the thread that executor runs its callbacks on); every
 * other method from any thread.
 */
final class RingWorkerPool implements WorkerPool {

    private static final Log LOG = LogFactory.getLog(RingWorkerPool.class);

    private final TaskQueue<Runnable> ring;
    private final ThreadFactory threads;
    private final Worker[] workers;
    /** Workers started; grows on the producer's thread only. */
    private volatile int started;
    /** Workers parked or about to park. */
    private final AtomicInteger parked = new AtomicInteger();

    /** Runs the batched wake-up after the producer's batch; {@code null}: every submit wakes a worker. */
    private final Executor endOfBatch;
    /** Tasks queued while workers were parked that wake them before the batch ends. */
    private final int wakeBatch;

    private final WakeUp wakeUp = new WakeUp();
    /** Tasks queued for parked workers since they were last woken; the producer's thread only. */
    private int unsignalled;
    /** Whether the batched wake-up is queued on the end-of-batch executor. */
    private volatile boolean wakeUpQueued;

    private volatile boolean shutdown;
    private volatile boolean dropQueued;

    /**
     * Creates a pool that wakes a parked worker for every task; no thread starts before the first task.
     *
     * @param threads makes the worker threads (names them)
     * @param concurrency the most threads
     * @param capacity the most waiting tasks; 0 for no bound
     */
    RingWorkerPool(ThreadFactory threads, int concurrency, int capacity) {
        this(threads, concurrency, capacity, null);
    }

    /**
     * Creates a pool; no thread starts before the first task.
     *
     * @param threads makes the worker threads (names them)
     * @param concurrency the most threads
     * @param capacity the most waiting tasks; 0 for no bound
     * @param endOfBatch runs the batched wake-up of parked workers once the producer's current batch is
     *     done (the producer's event loop: a callback queued from its own thread runs after the turn's
     *     reads); may throw when it can no longer run anything (workers are then woken at once); {@code
     *     null} to wake a worker on every submit
     */
    RingWorkerPool(ThreadFactory threads, int concurrency, int capacity, Executor endOfBatch) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 (no bound) or more, but was " + capacity);
        }
        this.ring = capacity == 0 ? new LinkedTaskQueue<>() : new HandOffRing<>(capacity);
        this.threads = threads;
        this.workers = new Worker[concurrency];
        this.endOfBatch = endOfBatch;
        this.wakeBatch = capacity == 0 ? 64 : Math.max(1, Math.min(64, capacity / 4));
    }

    @Override
    public boolean submit(Runnable task) {
        if (shutdown || !ring.offer(task)) {
            return false;
        }
        if (parked.get() > 0) {
            unsignalled++;
            if (endOfBatch == null || unsignalled >= wakeBatch) {
                wakeParked();
            } else if (!wakeUpQueued) {
                queueWakeUp();
            }
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

    private void queueWakeUp() {
        wakeUpQueued = true;
        try {
            endOfBatch.execute(wakeUp);
        } catch (RuntimeException e) {
            wakeUpQueued = false; // the loop is gone: nothing runs the callback, so wake them now
            wakeParked();
        }
    }

    /** Wakes as many parked workers as tasks were queued for them (at least one). The producer's thread. */
    private void wakeParked() {
        int wanted = Math.max(1, unsignalled);
        unsignalled = 0;
        int count = started;
        for (int i = 0; i < count && wanted > 0; i++) {
            if (workers[i].unparkIfParked()) {
                wanted--;
            }
        }
    }

    /** @return how many tasks queued while workers are parked wake them before the batch ends */
    int wakeBatch() {
        return wakeBatch;
    }

    /** The batched wake-up, run by the end-of-batch executor (or handed back when its loop closes). */
    private final class WakeUp implements DiscardableCallback {

        @Override
        public void run() {
            wakeUpQueued = false;
            wakeParked();
        }

        @Override
        public void discarded() {
            wakeUpQueued = false; // the producer's loop is gone: wake everyone rather than leave tasks waiting
            wakeAll();
        }

        @Override
        public String toString() {
            return "RingWorkerPool wake-up of parked workers";
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
        wakeAll();
    }

    private void wakeAll() {
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
