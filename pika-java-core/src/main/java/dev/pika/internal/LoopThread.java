package dev.pika.internal;

import dev.pika.io.IoServices;

/**
 * The engine's thread rule: a connection, its channels and everything they own belong to the thread of the I/O loop
 * that drives them. Public methods call {@link #check} first.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class LoopThread {

    private LoopThread() {}

    /**
     * Fails unless the calling thread may use the loop's state.
     *
     * @param io the loop that owns the object
     * @param operation the operation called, for the message, e.g. {@code "Channel.basicPublish"}
     * @throws IllegalStateException when called from another thread than the loop's
     */
    public static void check(IoServices io, String operation) {
        if (!io.isInLoopThread()) {
            throw wrongThread(operation);
        }
    }

    private static IllegalStateException wrongThread(String operation) {
        return new IllegalStateException(operation + " was called from thread '"
                + Thread.currentThread().getName()
                + "', but a connection and its channels belong to the thread of their I/O loop; hand the call to the"
                + " loop with connection.ioloop().addCallbackThreadsafe(() -> ...)");
    }
}
