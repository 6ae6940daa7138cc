package dev.pika.adapters.blocking;

import dev.pika.io.DiscardableCallback;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The door from the I/O thread (and from {@code addCallbackThreadsafe} callers) to the application thread of a {@link
 * BlockingConnection}: a lock-free multi-producer queue of {@link Event}s and the application thread's parking spot.
 *
 * <p>Producers never block and never lock: {@link #offer} is one lock-free enqueue, plus one {@link
 * LockSupport#unpark} for the first event that arrives while the application thread is parked in {@link #await} (the
 * following ones find the wake-up already signalled). Any thread may offer; one thread at a time (the thread holding
 * the connection's {@link ThreadGuard}) polls and awaits.
 *
 * <p>Deliveries, which the I/O thread decodes many to a read, go through {@link #offerFromLoop}: a parked application
 * thread is woken once per loop turn, by a callback the loop runs after the turn's reads, or at once when {@value
 * #WAKE_BATCH} deliveries wait. Woken at the first delivery, an application thread faster than the decoder would take
 * the few decoded so far, park again and be woken again within the same turn. A closing loop hands the callback back
 * ({@link DiscardableCallback}) and the thread is woken then.
 */
final class EventInbox {

    /** A deadline meaning "none": wait until an event arrives. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Deliveries offered by the I/O thread while the application thread is parked that wake it at once. */
    static final int WAKE_BATCH = 64;

    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile Thread waiter;

    /** Runs the batched wake-up after the loop turn's reads; {@code null}: every offer wakes at once. */
    private volatile Executor endOfTurn;

    private final DiscardableCallback batchedWakeUp = new BatchedWakeUp();
    /** Deliveries offered since the application thread was last woken. The I/O thread. */
    private int unsignalled;
    /** Whether the batched wake-up is queued on the loop. The I/O thread. */
    private boolean wakeUpQueued;

    /**
     * Adds an event and wakes the application thread if it waits. Any thread; lock-free.
     *
     * @param event the event
     */
    void offer(Event event) {
        queue.offer(event);
        wake();
    }

    /**
     * Lets {@link #offerFromLoop} batch its wake-ups on {@code executor}: the connection's loop, whose callbacks run
     * after the turn's reads. Before this, it wakes at once.
     *
     * @param executor the loop's {@code addCallbackThreadsafe}
     */
    void batchWakeUpsOn(Executor executor) {
        this.endOfTurn = executor;
    }

    /**
     * Adds a delivery decoded by the I/O thread; a parked application thread is woken after the loop turn's reads, or
     * at once from {@value #WAKE_BATCH} deliveries. The I/O thread only.
     *
     * @param event the event
     */
    void offerFromLoop(Event event) {
        queue.offer(event);
        if (waiter == null) {
            return; // not waiting: it polls before it parks
        }
        Executor executor = endOfTurn;
        if (executor == null || ++unsignalled >= WAKE_BATCH) {
            unsignalled = 0;
            wake();
        } else if (!wakeUpQueued) {
            wakeUpQueued = true;
            try {
                executor.execute(batchedWakeUp);
            } catch (RuntimeException e) {
                wakeUpQueued = false; // the loop is closed: nothing would run the callback
                wake();
            }
        }
    }

    private void wake() {
        Thread parked = waiter;
        if (parked != null && !signalled.getAndSet(true)) {
            LockSupport.unpark(parked);
        }
    }

    /**
     * The oldest event, removed. The consuming thread only.
     *
     * @return the event, or {@code null} when there is none
     */
    Event poll() {
        return queue.poll();
    }

    /**
     * Whether no event waits. Any thread.
     *
     * @return {@code true} when the inbox is empty
     */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Parks the consuming thread until an event is in the inbox, the deadline passes or the thread is interrupted
     * (the interrupt status is left set). Returns at once when an event already waits.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     */
    void await(long deadlineNanos) {
        Thread current = Thread.currentThread();
        waiter = current;
        try {
            while (true) {
                // Re-armed before every check: a stale signal from an earlier wake-up must not hide a new event.
                signalled.set(false);
                if (!queue.isEmpty() || current.isInterrupted()) {
                    return;
                }
                if (deadlineNanos == NO_DEADLINE) {
                    LockSupport.park(this);
                } else {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            waiter = null;
        }
    }

    /** The batched wake-up, run by the loop after the turn's reads (or handed back when the loop closes). */
    private final class BatchedWakeUp implements DiscardableCallback {

        @Override
        public void run() {
            wakeUpQueued = false;
            unsignalled = 0;
            wake();
        }

        @Override
        public void discarded() {
            wakeUpQueued = false;
            wake();
        }

        @Override
        public String toString() {
            return "BlockingConnection wake-up of the application thread";
        }
    }
}
