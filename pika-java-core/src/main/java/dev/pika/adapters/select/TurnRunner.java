package dev.pika.adapters.select;

import dev.pika.io.DiscardableCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The machinery of an {@link IoLoop}'s turns: the selector, the timer heap, the thread-safe callback queue
 * with its coalesced wakeups, and the list of transports to flush.
 *
 * <p>A turn: flush what was written between turns; wait in the selector (not past the next timer's
 * deadline, not at all when callbacks are queued or a stop is requested); handle the ready keys; run the due
 * timers; run the callbacks queued before this drain began; flush every transport written during the turn.
 *
 * <p>Wakeups: before blocking, the loop arms {@link #wakeupArmed} and then looks at the queue once more; a
 * producer enqueues, then clears the flag if it is armed and, if it won the clear, wakes the selector. Both
 * sides write before they read (volatile accesses, so the Dekker pattern holds): either the loop sees the new
 * callback and does not block, or the producer sees the flag and wakes it. A batch of callbacks made while
 * the loop sleeps costs one wakeup; callbacks made while it is awake cost none.
 *
 * <p>Ownership: the loop's state (timers, transports, the dirty list, everything the callbacks touch) belongs to
 * whoever holds {@link #ownership}. The loop's thread holds it for a whole turn and lets go of it only while it
 * blocks in the selector ({@link #parked}); then another thread may {@linkplain #tryClaimParked claim} it to run
 * one task and flush, without waking the loop. The loop's thread takes ownership back before it dispatches what
 * the selector reported, and a claimer that left work for the loop (queued callbacks, a stop, an earlier timer,
 * a changed selector registration) wakes it ({@link #releaseClaim}). The lock's release and acquisition order
 * every access to the loop's state between the two threads.
 *
 * <p>Thread-safe: {@link #offer}, {@link #wakeUpIfSleeping}, {@link #requestStop}, {@link #tryClaimParked} and the
 * test hooks; the rest is confined to the owner of the loop.
 */
final class TurnRunner {

    private static final LoopLogger LOG = LoopLogger.get(IoLoop.class);

    private final Selector selector;
    private final CallbackQueue callbacks = new CallbackQueue();
    private final TimerQueue timers = new TimerQueue();
    private final List<LoopTimer> dueTimers = new ArrayList<>();
    private final Consumer<SelectionKey> keyDispatcher = this::dispatch;
    private AbstractStreamTransport[] dirty = new AbstractStreamTransport[8];
    private int dirtyCount;

    private final AtomicBoolean wakeupArmed = new AtomicBoolean();
    private final AtomicLong wakeups = new AtomicLong();
    private volatile boolean stopRequested;

    /** Held by the loop's thread during a turn, except while it is {@link #parked}; or by a claimer. */
    private final ReentrantLock ownership = new ReentrantLock();
    /** Written by the loop's thread only: true while it blocks in the selector without {@link #ownership}. */
    private volatile boolean parked;
    /** Written by the loop's thread only: it is taking ownership back, so claimers hand off instead. */
    private volatile boolean reclaiming;
    /** When the parked selector returns by itself ({@code Long.MAX_VALUE}: never). Guarded by ownership. */
    private long parkedUntilNanos;
    /** A claimer changed a selector registration, which a blocked selector only sees once woken. Guarded by ownership. */
    private boolean selectorTouched;

    private final Consumer<SelectionKey> parkedKeyDispatcher = key -> {
        reclaim();
        dispatch(key);
    };

    TurnRunner(Selector selector) {
        this.selector = selector;
    }

    Selector selector() {
        return selector;
    }

    /** Runs one turn, blocking in the selector at most {@code maxWaitNanos} ({@code Long.MAX_VALUE}: no bound). */
    void runTurn(long maxWaitNanos) {
        ownership.lock();
        try {
            turn(maxWaitNanos); // a parked select takes ownership back before it returns, normally or not
        } finally {
            ownership.unlock();
        }
    }

    private void turn(long maxWaitNanos) {
        try {
            if (dirtyCount > 0) {
                flushDirty();
            }
            long waitNanos = maxWaitNanos;
            LoopTimer first = timers.peek();
            if (first != null) {
                waitNanos = Math.min(waitNanos, Math.max(0, first.deadline - System.nanoTime()));
            }
            if (waitNanos == 0 || stopRequested || !callbacks.isEmpty()) {
                selector.selectNow(keyDispatcher);
            } else {
                wakeupArmed.set(true);
                if (stopRequested || !callbacks.isEmpty()) {
                    selector.selectNow(keyDispatcher);
                } else {
                    selectParked(waitNanos);
                }
                wakeupArmed.set(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the IoLoop's selector failed", e);
        }
        runDueTimers();
        runCallbacks();
        flushDirty();
    }

    /** Blocks in the selector without ownership, so that other threads may claim the loop meanwhile. */
    private void selectParked(long waitNanos) throws IOException {
        parkedUntilNanos = waitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + waitNanos;
        parked = true;
        ownership.unlock();
        try {
            selector.select(parkedKeyDispatcher, toSelectMillis(waitNanos));
        } finally {
            reclaim();
        }
    }

    /** On the loop's thread: takes ownership back after (or during) a parked select; no-op when not parked. */
    private void reclaim() {
        if (parked) {
            reclaiming = true;
            ownership.lock();
            parked = false;
            reclaiming = false;
        }
    }

    private static long toSelectMillis(long waitNanos) {
        if (waitNanos == Long.MAX_VALUE) {
            return 0; // block until woken
        }
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        SelectorHandler handler = (SelectorHandler) key.attachment();
        try {
            handler.onReady(key.readyOps());
        } catch (CancelledKeyException e) {
            // the handler closed its channel while handling the event
        } catch (Throwable t) {
            rethrowIfFatal(t);
            LOG.warn("IoLoop: handling I/O readiness of " + handler + " threw; the loop continues", t);
        }
    }

    private void runDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        LoopTimer timer;
        // Taken out first, so that timers scheduled by these callbacks wait for the next turn.
        while ((timer = timers.peek()) != null && timer.deadline - now <= 0) {
            dueTimers.add(timers.poll());
        }
        try {
            for (int i = 0; i < dueTimers.size(); i++) {
                LoopTimer due = dueTimers.get(i);
                Runnable callback = due.callback;
                if (callback != null) {
                    due.callback = null;
                    runSafely(callback, "timer");
                }
            }
        } finally {
            dueTimers.clear();
        }
    }

    private void runCallbacks() {
        CallbackQueue.Node limit = callbacks.snapshot();
        Runnable callback;
        while ((callback = callbacks.pollUpTo(limit)) != null) {
            runSafely(callback, "callback");
        }
    }

    private void flushDirty() {
        // Transports written while flushing (e.g. from writeBufferDrained) are flushed in the same pass.
        for (int i = 0; i < dirtyCount; i++) {
            AbstractStreamTransport transport = dirty[i];
            dirty[i] = null;
            transport.flush();
        }
        dirtyCount = 0;
    }

    static void runSafely(Runnable task, String what) {
        try {
            task.run();
        } catch (Throwable t) {
            rethrowIfFatal(t);
            LOG.warn("IoLoop: " + what + " " + task + " threw; the loop continues", t);
        }
    }

    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Any thread

    void offer(Runnable callback) {
        callbacks.offer(callback);
    }

    void wakeUpIfSleeping() {
        if (wakeupArmed.get() && wakeupArmed.compareAndSet(true, false)) {
            wakeups.incrementAndGet();
            selector.wakeup();
        }
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    long wakeupCount() {
        return wakeups.get();
    }

    boolean isParked() {
        return parked;
    }

    /**
     * Takes ownership of the loop when its thread is parked in the selector with no callback queued, no stop
     * requested and not taking ownership back; the caller then runs its task with {@link #runClaimed} and must
     * call {@link #releaseClaim}.
     *
     * @return whether the caller now owns the loop
     */
    boolean tryClaimParked() {
        if (!claimable() || !ownership.tryLock()) {
            return false;
        }
        if (claimable()) { // again under the lock: the loop may have woken between the look and the lock
            selectorTouched = false;
            return true;
        }
        ownership.unlock();
        return false;
    }

    private boolean claimable() {
        return parked && !reclaiming && !stopRequested && callbacks.isEmpty();
    }

    /** Claimer: runs the task like a queued callback, then flushes what it wrote. */
    void runClaimed(Runnable task) {
        runSafely(task, "callback");
        flushDirty();
    }

    /** Claimer: gives ownership back, and wakes the loop when the task left it something to do. */
    void releaseClaim() {
        boolean wake = stopRequested || selectorTouched || !callbacks.isEmpty() || timerDueBefore(parkedUntilNanos);
        ownership.unlock();
        if (wake) {
            wakeUpIfSleeping();
        }
    }

    private boolean timerDueBefore(long deadline) {
        LoopTimer first = timers.peek();
        return first != null && (deadline == Long.MAX_VALUE || first.deadline - deadline < 0);
    }

    boolean isArmedForWakeup() {
        return wakeupArmed.get();
    }

    // ---------------------------------------------------------------------------------------------------
    // Loop thread

    /** A selector registration changed (interest, registration, cancellation): a claimer must wake the loop. */
    void selectorTouched() {
        selectorTouched = true;
    }

    void clearStop() {
        stopRequested = false;
    }

    LoopTimer schedule(IoLoop loop, long deadline, Runnable callback) {
        LoopTimer timer = new LoopTimer(loop, deadline, timers.nextSequence(), callback);
        timers.add(timer);
        return timer;
    }

    void cancel(LoopTimer timer) {
        timer.callback = null;
        timers.remove(timer);
    }

    int timerCount() {
        return timers.size();
    }

    void markDirty(AbstractStreamTransport transport) {
        if (dirtyCount == dirty.length) {
            dirty = Arrays.copyOf(dirty, dirtyCount * 2);
        }
        dirty[dirtyCount++] = transport;
    }

    /**
     * Drops pending flushes, timers and callbacks (the loop is closing); returns the callbacks dropped. A dropped
     * {@link DiscardableCallback} is told so.
     */
    int discardPending() {
        Arrays.fill(dirty, 0, dirtyCount, null);
        dirtyCount = 0;
        timers.clear();
        return callbacks.clear(TurnRunner::notifyDiscarded);
    }

    private static void notifyDiscarded(Runnable callback) {
        if (callback instanceof DiscardableCallback discardable) {
            try {
                discardable.discarded();
            } catch (Throwable t) {
                rethrowIfFatal(t);
                LOG.warn("IoLoop: discarded() of the dropped callback " + callback + " threw", t);
            }
        }
    }
}
