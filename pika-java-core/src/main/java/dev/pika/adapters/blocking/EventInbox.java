package dev.pika.adapters.blocking;

import java.util.concurrent.ConcurrentLinkedQueue;
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
 */
final class EventInbox {

    /** A deadline meaning "none": wait until an event arrives. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile Thread waiter;

    /**
     * Adds an event and wakes the application thread if it waits. Any thread; lock-free.
     *
     * @param event the event
     */
    void offer(Event event) {
        queue.offer(event);
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
}
