package dev.pika.adapters.blocking;

import dev.pika.adapters.select.IoLoop;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.internal.EngineLogger;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The private I/O thread of a {@link BlockingConnection}: an {@link IoLoop} running on a daemon thread of its own
 * ({@code pika-blocking-io-N}), which owns the {@code SelectConnection}, its socket and its channels, and the door the
 * application threads use to reach it.
 *
 * <ul>
 *   <li>{@link #execute} hands a task to the loop through {@link IoLoop#addCallbackThreadsafe} (lock-free; at most
 *       one selector wake-up per batch), in the order the tasks were handed in;
 *   <li>{@link #await} waits, without spinning and without being interruptible, for a future the loop completes;
 *       when the connection terminates first, the future fails with the reason, so no caller can wait for a task
 *       the loop dropped;
 *   <li>{@link #terminate} records why the connection is gone (once), fails every awaited future, runs the
 *       termination hook and stops the loop; the thread then releases the loop (selector, sockets, buffers) and
 *       ends.
 * </ul>
 *
 * <p>Thread-safe; {@link #terminate} is called on the loop's thread.
 */
final class LoopBridge {

    private static final EngineLogger LOG = EngineLogger.get(BlockingConnection.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final IoLoop loop = new IoLoop();
    private final Thread thread;
    private final Set<CompletableFuture<?>> awaiting = ConcurrentHashMap.newKeySet();
    private final Runnable onTerminated;
    private volatile AmqpConnectionException terminatedReason;

    /**
     * Starts the loop's thread.
     *
     * @param onTerminated runs on the loop's thread once the connection is gone, after the reason is recorded
     */
    LoopBridge(Runnable onTerminated) {
        this.onTerminated = Objects.requireNonNull(onTerminated, "onTerminated");
        this.thread = new Thread(this::run, "pika-blocking-io-" + THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            loop.start();
        } catch (RuntimeException e) {
            LOG.warn("BlockingConnection: the I/O loop failed", e);
        } finally {
            terminate(new StreamLostException("The I/O loop of the BlockingConnection stopped"));
            loop.close();
        }
    }

    /**
     * The loop. Its loop-thread-only methods are for tasks handed in with {@link #execute}.
     *
     * @return the loop
     */
    IoLoop loop() {
        return loop;
    }

    /**
     * The loop's thread.
     *
     * @return the thread that runs the loop
     */
    Thread thread() {
        return thread;
    }

    /**
     * Whether the calling thread is the loop's.
     *
     * @return {@code true} on the I/O thread
     */
    boolean isIoThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Why the connection is gone.
     *
     * @return the reason, or {@code null} while the connection lives
     */
    AmqpConnectionException terminatedReason() {
        return terminatedReason;
    }

    /**
     * Hands a task to the loop's thread; tasks run in the order they were handed in. Any thread.
     *
     * @param task what to run on the I/O thread
     * @throws ConnectionWrongStateException when the connection is gone
     */
    void execute(Runnable task) {
        AmqpConnectionException reason = terminatedReason;
        if (reason != null) {
            throw closed(reason);
        }
        try {
            loop.addCallbackThreadsafe(task);
        } catch (IllegalStateException e) {
            AmqpConnectionException why = terminatedReason;
            throw why != null
                    ? closed(why)
                    : new ConnectionWrongStateException("The connection's I/O loop is closed", e);
        }
    }

    /**
     * Runs a task on the loop's thread that completes {@code result}; what the task throws fails it.
     *
     * @param result the future the task completes
     * @param task the task; runs on the I/O thread
     * @param <T> the result type
     * @return {@code result}
     */
    <T> CompletableFuture<T> submit(CompletableFuture<T> result, Runnable task) {
        execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Waits for a future the loop completes, uninterruptibly (the interrupt status is kept), and returns its value or
     * throws what it failed with. The wait ends when the connection terminates, with the reason.
     *
     * @param future the future
     * @param <T> the result type
     * @return the value
     */
    <T> T await(CompletableFuture<T> future) {
        awaiting.add(future);
        try {
            AmqpConnectionException reason = terminatedReason;
            if (reason != null) {
                future.completeExceptionally(reason);
            }
            return future.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause() == null ? e : e.getCause());
        } finally {
            awaiting.remove(future);
        }
    }

    /**
     * The connection is gone: records the reason (the first one wins), fails the awaited futures, runs the
     * termination hook and stops the loop. The loop's thread.
     *
     * @param reason why
     */
    void terminate(AmqpConnectionException reason) {
        if (terminatedReason != null) {
            return;
        }
        terminatedReason = reason;
        for (CompletableFuture<?> future : awaiting) {
            future.completeExceptionally(reason);
        }
        try {
            onTerminated.run();
        } catch (RuntimeException e) {
            LOG.warn("BlockingConnection: the termination hook failed", e);
        } finally {
            loop.stop();
        }
    }

    /** Waits until the loop's thread has released the loop and ended (not on the loop's thread). */
    void join() {
        if (isIoThread()) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop from any thread when the connection never opened; the thread then ends. */
    void shutDown(AmqpConnectionException reason) {
        try {
            execute(() -> terminate(reason));
        } catch (ConnectionWrongStateException e) {
            LOG.debug("BlockingConnection: the loop is already closed: {}", e.getMessage());
        }
        join();
    }

    static ConnectionWrongStateException closed(AmqpConnectionException reason) {
        return new ConnectionWrongStateException("The connection is closed: " + reason.getMessage(), reason);
    }

    /** What an I/O-side failure becomes on the caller's thread: unchecked exceptions and errors as they are. */
    static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new AmqpException("Unexpected failure on the I/O thread: " + error, error);
    }
}
