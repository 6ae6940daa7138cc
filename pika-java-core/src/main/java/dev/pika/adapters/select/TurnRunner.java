package dev.pika.adapters.select;

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
 * <p>Spin before sleeping: after a turn that handled I/O (which may have woken an application thread, e.g. a
 * producer waiting for a confirm), the loop first watches the callback queue for at most the spin bound
 * ({@link IoLoopOptions#spinBeforeSleep()}) before it arms and blocks, so that a reply handed in at once costs
 * neither a selector wakeup nor a sleep. A spin that sees nothing makes the next eligible turns skip spinning
 * (1, 2, 4... up to {@value #MAX_SPIN_BACKOFF}); one that catches a callback resets that. Turns that only ran
 * callbacks or timers never spin.
 *
 * <p>Thread-safe: {@link #offer}, {@link #wakeUpIfSleeping}, {@link #requestStop} and the test hooks; the
 * rest is confined to the loop's thread.
 */
final class TurnRunner {

    private static final LoopLogger LOG = LoopLogger.get(IoLoop.class);
    /** The most eligible turns skipped after spins that saw nothing. */
    static final int MAX_SPIN_BACKOFF = 64;

    private final Selector selector;
    private final long spinNanos;
    private final CallbackQueue callbacks = new CallbackQueue();
    private final TimerQueue timers = new TimerQueue();
    private final List<LoopTimer> dueTimers = new ArrayList<>();
    private final Consumer<SelectionKey> keyDispatcher = this::dispatch;
    private AbstractStreamTransport[] dirty = new AbstractStreamTransport[8];
    private int dirtyCount;

    private final AtomicBoolean wakeupArmed = new AtomicBoolean();
    private final AtomicLong wakeups = new AtomicLong();
    private volatile boolean stopRequested;

    /** Loop thread: the current turn's selector handled at least one ready key. */
    private boolean handledIo;
    /** Loop thread: eligible turns left to skip before the next spin. */
    private int spinSkips;
    /** Loop thread: the skip count the next fruitless spin sets (doubles up to MAX_SPIN_BACKOFF). */
    private int spinBackoff;
    /** Spins begun, and spins that caught a callback: written by the loop thread, read by tests. */
    private final AtomicLong spins = new AtomicLong();

    private final AtomicLong spinHits = new AtomicLong();

    /**
     * @param selector the loop's selector
     * @param spinNanos the longest spin before sleeping after a turn that handled I/O; 0 never spins
     */
    TurnRunner(Selector selector, long spinNanos) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must not be negative, but was " + spinNanos);
        }
        this.selector = selector;
        this.spinNanos = spinNanos;
    }

    Selector selector() {
        return selector;
    }

    /** Runs one turn, blocking in the selector at most {@code maxWaitNanos} ({@code Long.MAX_VALUE}: no bound). */
    void runTurn(long maxWaitNanos) {
        try {
            if (dirtyCount > 0) {
                flushDirty();
            }
            boolean afterIo = handledIo;
            handledIo = false;
            long waitNanos = maxWaitNanos;
            LoopTimer first = timers.peek();
            if (first != null) {
                waitNanos = Math.min(waitNanos, Math.max(0, first.deadline - System.nanoTime()));
            }
            if (waitNanos == 0
                    || stopRequested
                    || !callbacks.isEmpty()
                    || (afterIo && spinNanos > 0 && spinForCallback(Math.min(spinNanos, waitNanos)))) {
                selector.selectNow(keyDispatcher);
            } else {
                wakeupArmed.set(true);
                if (stopRequested || !callbacks.isEmpty()) {
                    selector.selectNow(keyDispatcher);
                } else {
                    selector.select(keyDispatcher, toSelectMillis(waitNanos));
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

    /**
     * Watches the callback queue (and a stop request) for at most {@code maxNanos}, unless recent spins saw nothing.
     *
     * @return true when a callback (or a stop) arrived: the turn then polls instead of sleeping
     */
    private boolean spinForCallback(long maxNanos) {
        if (spinSkips > 0) {
            spinSkips--;
            return false;
        }
        spins.lazySet(spins.get() + 1);
        long start = System.nanoTime();
        do {
            Thread.onSpinWait();
            if (!callbacks.isEmpty() || stopRequested) {
                spinHits.lazySet(spinHits.get() + 1);
                spinBackoff = 0;
                return true;
            }
        } while (System.nanoTime() - start < maxNanos);
        spinBackoff = spinBackoff == 0 ? 1 : Math.min(MAX_SPIN_BACKOFF, spinBackoff * 2);
        spinSkips = spinBackoff;
        return false;
    }

    private static long toSelectMillis(long waitNanos) {
        if (waitNanos == Long.MAX_VALUE) {
            return 0; // block until woken
        }
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    private void dispatch(SelectionKey key) {
        handledIo = true;
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

    boolean isArmedForWakeup() {
        return wakeupArmed.get();
    }

    // ---------------------------------------------------------------------------------------------------
    // Loop thread

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

    long spinCount() {
        return spins.get();
    }

    long spinHitCount() {
        return spinHits.get();
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

    /** Drops pending flushes, timers and callbacks (the loop is closing); returns the callbacks dropped. */
    int discardPending() {
        Arrays.fill(dirty, 0, dirtyCount, null);
        dirtyCount = 0;
        timers.clear();
        return callbacks.clear();
    }
}
