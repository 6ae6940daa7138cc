package dev.pika.adapters.blocking;

import dev.pika.adapters.select.IoLoop;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.internal.EngineLogger;
import dev.pika.io.DiscardableCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The private I/O thread of a {@link BlockingConnection}: an {@link IoLoop} running on a daemon thread of its own
 * ({@code pika-blocking-io-N}), which owns the {@code SelectConnection}, its socket and its channels, and the door the
 * application threads use to reach it.
 *
 * <ul>
 *   <li>{@link #execute} hands a task to the loop through {@link IoLoop#addCallbackThreadsafe} (lock-free; at most
 *       one selector wake-up per batch), in the order the tasks were handed in: for work the caller does not wait
 *       for (a publish without confirms), so that a stream of such tasks reaches the loop in batches;
 *   <li>{@link #runOrHandOff} hands in a task the caller is about to wait for (an RPC, Pika's waiting confirmed
 *       publish) through {@link IoLoop#runOrHandOff}: when the loop's thread is idle in its selector, the calling
 *       thread runs the task and writes its frames itself (no wake-up, no thread switch, as with a
 *       socket-per-thread client); otherwise it is queued;
 *   <li>{@link #defer} holds the acknowledgements that the application thread makes while it dispatches callbacks
 *       ({@link #beginDeferring} to {@link #endDeferring}) and hands them in as one task, with {@code runOrHandOff},
 *       when the dispatch round ends, before the thread waits, or before any other task of that thread: a round of
 *       deliveries costs one task (and, on an idle loop, one socket write on the application thread), and a
 *       consumer with a prefetch of 1 sends its ack itself before it waits for the next message;
 *   <li>{@link #await} waits, without spinning and without being interruptible, for a future the loop completes;
 *       when the connection terminates first, the future fails with the reason, so no caller can wait for a task
 *       the loop dropped;
 *   <li>{@link #handOver} hands in a task that settles a future which nobody may be waiting for (a pipelined
 *       publish): the future is settled even when the loop never runs the task;
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

    /** Deferred acknowledgements handed in at once when this many wait (a long dispatch round). */
    static final int MAX_DEFERRED = 256;

    /** The longest timed wait: longer timeouts are waited as this long (about 146 years), safe from overflow. */
    private static final Duration MAX_WAIT = Duration.ofNanos(Long.MAX_VALUE / 2);

    private final IoLoop loop = new IoLoop();
    private final Thread thread;
    private final Set<CompletableFuture<?>> awaiting = ConcurrentHashMap.newKeySet();
    private final Runnable onTerminated;
    private volatile AmqpConnectionException terminatedReason;

    /** The application thread dispatching callbacks, whose acknowledgements are deferred; null otherwise. */
    private volatile Thread deferringThread;
    /** Acknowledgements deferred by {@link #deferringThread}; touched only by that thread. */
    private final ArrayList<Runnable> deferred = new ArrayList<>();

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
     * Whether the calling thread is the loop's, or owns the loop for a task it runs inline.
     *
     * @return {@code true} on the I/O thread
     */
    boolean isIoThread() {
        return Thread.currentThread() == thread || loop.isOwnedByCurrentThread();
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
        flushDeferred();
        hand(task, false);
    }

    /**
     * Hands in a task the caller is about to wait for: run on the calling thread at once when the loop is idle,
     * queued otherwise ({@link IoLoop#runOrHandOff}); in order with the thread's earlier tasks. Any thread.
     *
     * @param task what to run with the loop's ownership
     * @throws ConnectionWrongStateException when the connection is gone
     */
    void runOrHandOff(Runnable task) {
        flushDeferred();
        hand(task, true);
    }

    /**
     * Hands in an acknowledgement: held while the calling thread dispatches callbacks (sent with the round's other
     * acknowledgements when the round ends or the thread waits), handed in at once otherwise. Any thread.
     *
     * @param task the acknowledgement's task; it must tolerate a closed channel
     * @throws ConnectionWrongStateException when the connection is gone
     */
    void defer(Runnable task) {
        if (Thread.currentThread() != deferringThread) {
            execute(task);
            return;
        }
        AmqpConnectionException reason = terminatedReason;
        if (reason != null) {
            throw closed(reason);
        }
        deferred.add(task);
        if (deferred.size() >= MAX_DEFERRED) {
            flushDeferred();
        }
    }

    /** The application thread begins a dispatch round: its acknowledgements are deferred until it ends. */
    void beginDeferring() {
        deferringThread = Thread.currentThread();
    }

    /** The dispatch round ended (normally or not): the deferred acknowledgements are handed in. */
    void endDeferring() {
        try {
            flushDeferred();
        } finally {
            deferringThread = null;
        }
    }

    /**
     * Hands the calling thread's deferred acknowledgements in as one task (before the thread waits, or hands in
     * another task); no-op for other threads. A connection that is gone drops them: the broker requeues what was
     * not acknowledged.
     */
    void flushDeferred() {
        if (Thread.currentThread() != deferringThread || deferred.isEmpty()) {
            return;
        }
        Runnable[] batch = deferred.toArray(new Runnable[0]);
        deferred.clear();
        try {
            hand(
                    () -> {
                        for (Runnable task : batch) {
                            task.run();
                        }
                    },
                    true);
        } catch (ConnectionWrongStateException e) {
            LOG.debug("BlockingConnection: {} deferred acknowledgements dropped: {}", batch.length, e.getMessage());
        }
    }

    private void hand(Runnable task, boolean mayRunHere) {
        AmqpConnectionException reason = terminatedReason;
        if (reason != null) {
            throw closed(reason);
        }
        try {
            if (mayRunHere) {
                loop.runOrHandOff(task);
            } else {
                loop.addCallbackThreadsafe(task);
            }
        } catch (IllegalStateException e) {
            AmqpConnectionException why = terminatedReason;
            throw why != null
                    ? closed(why)
                    : new ConnectionWrongStateException("The connection's I/O loop is closed", e);
        }
    }

    /**
     * Hands a task that settles {@code outcome} to the loop, so that {@code outcome} is settled whatever happens to
     * the connection: the loop runs the task, or drops it when it closes first (the task's {@link
     * DiscardableCallback#discarded()} must then fail {@code outcome}), or, for a task handed in while the loop was
     * closing (neither run nor discarded), this method fails {@code outcome} with the termination reason: {@link
     * #terminate} records the reason before the loop drops its queue, so a task that the drop missed was handed in
     * after the reason was recorded, and this method sees it. An {@code outcome} settled already stays as it is
     * (when the connection closes, the engine fails what it still held before the reason is recorded).
     * Any thread.
     *
     * @param task what to run on the I/O thread
     * @param outcome the future the task settles
     * @param callerWaits whether the caller waits for {@code outcome} next (then the task may run on the calling
     *     thread, as by {@link #runOrHandOff})
     * @throws ConnectionWrongStateException when the connection is gone (the task was not handed in)
     */
    void handOver(DiscardableCallback task, CompletableFuture<?> outcome, boolean callerWaits) {
        if (callerWaits) {
            runOrHandOff(task);
        } else {
            execute(task);
        }
        AmqpConnectionException reason = terminatedReason;
        if (reason != null) {
            outcome.completeExceptionally(reason);
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
        runOrHandOff(() -> {
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
        checkNotIoThread();
        flushDeferred();
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
     * Waits at most {@code timeout} for a future the loop completes, as {@link #await(CompletableFuture)} does
     * (uninterruptibly, ended by the connection's termination with the reason).
     *
     * @param future the future
     * @param timeout the longest wait
     * @return {@code true} when the future completed normally, {@code false} when the timeout passed first
     */
    boolean await(CompletableFuture<?> future, Duration timeout) {
        checkNotIoThread();
        flushDeferred();
        long start = System.nanoTime();
        long timeoutNanos = timeout.compareTo(MAX_WAIT) >= 0 ? MAX_WAIT.toNanos() : timeout.toNanos();
        boolean interrupted = false;
        awaiting.add(future);
        try {
            AmqpConnectionException reason = terminatedReason;
            if (reason != null) {
                future.completeExceptionally(reason);
            }
            while (true) {
                try {
                    future.get(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    return false;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause() == null ? e : e.getCause());
                }
            }
        } finally {
            awaiting.remove(future);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Throws when called on the I/O thread, where a wait would wait for the thread it blocks. No application code
     * runs there, except the non-async dependent stages of the futures that {@code basicPublishConfirmed} returns.
     *
     * @throws IllegalStateException on the I/O thread
     */
    void checkNotIoThread() {
        if (isIoThread()) {
            throw new IllegalStateException("A waiting call of the BlockingConnection was made on its I/O thread '"
                    + thread.getName() + "', probably from a non-async dependent stage (whenComplete, thenRun...) of a"
                    + " basicPublishConfirmed future; it would wait for the very thread it blocks. Add such stages"
                    + " with the ...Async methods and an executor of your own, or make the call on an application"
                    + " thread");
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
