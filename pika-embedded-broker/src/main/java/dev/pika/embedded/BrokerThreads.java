package dev.pika.embedded;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads of one run of the embedded broker. Qpid creates its threads from the thread that starts
 * it and from its own threads, and a new thread joins its creator's {@link ThreadGroup}: so starting
 * the broker on a thread of a fresh group puts every broker thread in that group, apart from the
 * application's, and {@link #awaitEnd(Duration)} can wait for exactly those.
 *
 * <p>Thread-safe.
 */
final class BrokerThreads {

    private final ThreadGroup group;

    BrokerThreads(String name) {
        this.group = new ThreadGroup(name);
    }

    /**
     * Runs a task on a new thread of this group and waits for it.
     *
     * @param name the thread's name
     * @param task the task
     * @param <T> its result type
     * @return its result
     * @throws Exception what the task threw
     */
    <T> T callInGroup(String name, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<Error> error = new AtomicReference<>();
        Thread thread = new Thread(
                group,
                () -> {
                    try {
                        result.set(task.call());
                    } catch (Exception e) {
                        failure.set(e);
                    } catch (Error e) {
                        error.set(e);
                    }
                },
                name);
        thread.start();
        thread.join();
        if (error.get() != null) {
            throw error.get();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** The live threads of this group. */
    Set<Thread> alive() {
        Thread[] threads = new Thread[Math.max(16, group.activeCount() * 2)];
        int count = group.enumerate(threads, true);
        Set<Thread> alive = new LinkedHashSet<>();
        Arrays.stream(threads, 0, count).filter(Thread::isAlive).forEach(alive::add);
        return alive;
    }

    /**
     * Waits until every thread of the group has ended, or the timeout passed.
     *
     * @param timeout the bound
     * @return the threads still alive (empty when all ended)
     */
    Set<Thread> awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Thread> alive = alive();
        while (!alive.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return alive;
            }
            try {
                alive.iterator().next().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive();
            }
            alive = alive();
        }
        return alive;
    }
}
