package dev.pika.adapters.blocking;

import dev.pika.io.TimerReference;
import java.util.Objects;

/**
 * A timer of {@link BlockingConnection#callLater}: the loop's timer expires on the I/O thread, which queues the
 * callback for the application thread; the callback runs there, inside {@code processDataEvents}, {@code
 * startConsuming} or the consume iterator, unless the timer was cancelled first (also when its expiry is already
 * queued, as Pika's {@code remove_timeout} does).
 *
 * <p>Thread-safe: {@link #cancel()} from any thread, any number of times.
 */
final class BlockingTimer implements TimerReference {

    private final Runnable callback;
    private volatile boolean cancelled;
    /** The loop's timer: written on the I/O thread once scheduled. */
    private volatile TimerReference loopTimer;

    BlockingTimer(Runnable callback) {
        this.callback = Objects.requireNonNull(callback, "callback must not be null");
    }

    /**
     * The I/O thread scheduled the loop's timer (or did not, because the timer was cancelled first).
     *
     * @param scheduled the loop's timer
     */
    void scheduled(TimerReference scheduled) {
        loopTimer = scheduled;
        if (cancelled) {
            scheduled.cancel();
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The application thread: runs the callback once, unless cancelled. */
    void fire() {
        if (!cancelled) {
            cancelled = true;
            callback.run();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        TimerReference scheduled = loopTimer;
        if (scheduled != null) {
            scheduled.cancel();
        }
    }

    @Override
    public String toString() {
        return "BlockingTimer[" + (cancelled ? "done or cancelled" : "pending") + "]";
    }
}
