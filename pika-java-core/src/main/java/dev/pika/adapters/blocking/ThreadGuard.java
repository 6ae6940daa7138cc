package dev.pika.adapters.blocking;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One application thread at a time: the rule of a {@link BlockingConnection} and its channels. A thread enters before
 * every operation that touches the connection's application-side state (consumers, pending events, the consume
 * iterator) or waits for the broker, and leaves after it. The same thread may enter again while inside (a message
 * callback calling {@code queueDeclare}); another thread entering meanwhile fails fast with an {@link
 * IllegalStateException} that names both threads and the fix, instead of racing the first one. Between operations
 * the connection may pass to another thread; entering publishes everything the previous thread did (the guard is an
 * atomic hand-over).
 *
 * <p>Thread-safe.
 */
final class ThreadGuard {

    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** Written and read by the owner only; reset before the owner leaves. */
    private int depth;

    /**
     * Enters on the calling thread.
     *
     * @param operation the public operation, for the message, e.g. {@code "BlockingChannel.queueDeclare"}
     * @throws IllegalStateException when another thread is inside
     */
    void enter(String operation) {
        Thread current = Thread.currentThread();
        Thread holder = owner.get();
        if (holder == current) {
            depth++;
            return;
        }
        if (holder == null && owner.compareAndSet(null, current)) {
            depth = 1;
            return;
        }
        throw busy(operation, current, owner.get());
    }

    /** Leaves; the last exit of the owner frees the guard. */
    void exit() {
        if (--depth == 0) {
            owner.set(null);
        }
    }

    private static IllegalStateException busy(String operation, Thread current, Thread holder) {
        return new IllegalStateException(operation + " was called from thread '" + current.getName()
                + "' while thread '" + (holder == null ? "?" : holder.getName())
                + "' is using the BlockingConnection (inside processDataEvents, startConsuming, the consume iterator"
                + " or another blocking call). A BlockingConnection and its channels serve one application thread at a"
                + " time: hand the work to that thread with connection.addCallbackThreadsafe(() -> ...), or use the"
                + " methods that are safe from any thread (basicPublish, basicPublishConfirmed, waitForConfirms,"
                + " basicAck, basicNack, basicReject, isOpen, addCallbackThreadsafe, callLater)");
    }
}
