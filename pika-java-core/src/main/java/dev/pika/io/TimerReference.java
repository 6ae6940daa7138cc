package dev.pika.io;

/**
 * A handle on a timer created by {@link IoServices#callLater}.
 *
 * <p>Threading: {@link #cancel()} may be called from any thread. On the loop's thread it takes effect at
 * once; from another thread it is handed to the loop (through {@link IoServices#addCallbackThreadsafe}), so a
 * timer that is already due may still run.
 */
@FunctionalInterface
public interface TimerReference {

    /**
     * Cancels the timer so that its callback never runs. Cancelling a timer that already ran or was already
     * cancelled does nothing.
     */
    void cancel();
}
