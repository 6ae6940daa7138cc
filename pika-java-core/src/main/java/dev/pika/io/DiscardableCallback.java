package dev.pika.io;

/**
 * A callback for {@link IoServices#addCallbackThreadsafe} that wants to know when the loop drops it without running
 * it. A loop that closes while callbacks are still queued drops them; one that implements this interface gets {@link
 * #discarded()} instead of {@link #run()}, so that whatever it was to settle (a future, a counter, a reserved
 * resource) is settled rather than forgotten. Exactly one of the two methods is called for a callback the loop
 * accepted, once.
 *
 * <p>Threading: {@link #run()} on the loop's thread; {@link #discarded()} on the thread that releases the closing
 * loop (its own thread, or the thread that called {@code close()} on a loop that was not running). Implementations
 * must not block in either.
 */
public interface DiscardableCallback extends Runnable {

    /**
     * The loop closed before it ran this callback, and never will. What it throws is logged and ignored.
     */
    void discarded();
}
