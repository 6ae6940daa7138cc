package dev.pika.io;

/**
 * A handle on a pending asynchronous I/O operation ({@link IoServices#resolve}, {@link
 * IoServices#connectStream}).
 *
 * <p>Threading: loop thread only (the thread on which the operation's callback would run).
 */
@FunctionalInterface
public interface IoReference {

    /**
     * Cancels the operation: its callback will not be called, and what it had opened (a socket, a TLS
     * session) is closed.
     *
     * @return {@code true} when the operation was still pending and is now cancelled; {@code false} when it
     *     had already completed (its callback ran or is about to run) or was cancelled before
     * @throws IllegalStateException when called from a thread other than the loop's
     */
    boolean cancel();
}
