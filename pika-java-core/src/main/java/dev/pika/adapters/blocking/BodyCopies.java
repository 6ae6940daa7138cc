package dev.pika.adapters.blocking;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The body copies of a {@link BlockingConnection}'s publishes, and the reuse of the large ones. {@code basicPublish}
 * without confirms and {@code basicPublishConfirmed} copy the caller's body on the calling thread, so that the caller
 * may reuse its array once the call returns. A large copy is an expensive allocation: with G1, an array of half a heap
 * region or more is a humongous object, allocated and zeroed outside the young generation and reclaimed only by a
 * collection. So a copy of at least {@value #MIN_REUSED_BYTES} bytes is given back once nothing reads it any more
 * ({@link #recycle}) and reused by a later publish of a body of the same length.
 *
 * <p>A copy is given back only when no reference to it is left: by the I/O thread after the engine encoded a publish
 * without confirms (the encoder copies the body into the outbound buffer), or after the broker acked a confirm-mode
 * publish (until then the engine keeps the body for a {@code NackException}). A nacked publish's copy is the body of
 * its {@code NackException} and is never reused; nor is a copy whose publish failed or was never sent.
 *
 * <p>New copies are made with {@link Arrays#copyOf(byte[], int)}, not {@code clone()}: the JVM's generic clone of a
 * large array zeroes it first and, with G1, marks every card of a humongous copy dirty for the concurrent refinement
 * threads to scan, although a {@code byte[]} holds no references.
 *
 * <p>Memory: at most {@code maxIdleBytes} of idle copies are kept ({@link #IDLE_BOUND_IN_HIGH_WATERMARKS} times the
 * connection's {@code writeBufferHighWatermark}, 16 MiB by default: RabbitMQ acks pipelined publishes in batches, and a
 * batch's copies should wait for the publishes that follow it); the oldest go to the garbage collector first. Copies
 * in use are bounded as before, by the publish gate and by the application's own confirm window.
 *
 * <p>Thread-safe: {@link #copyOf} on publishing threads, {@link #recycle} on the I/O thread; the monitor is taken only
 * for bodies of at least {@value #MIN_REUSED_BYTES} bytes, once per copy and once per recycle.
 */
final class BodyCopies {

    /** Bodies shorter than this are copied into new arrays and never kept: their allocation is cheap. */
    static final int MIN_REUSED_BYTES = 64 * 1024;

    /** The bound of the idle copies, in multiples of the connection's {@code writeBufferHighWatermark}. */
    static final int IDLE_BOUND_IN_HIGH_WATERMARKS = 4;

    /** How many idle copies {@link #copyOf} looks at for one of the right length, newest first. */
    private static final int MAX_SCAN = 8;

    private final long maxIdleBytes;
    /** Idle copies, oldest first. Guarded by {@code this}. */
    private final ArrayDeque<byte[]> idle = new ArrayDeque<>();
    /** Guarded by {@code this}. */
    private long idleBytes;
    /** Guarded by {@code this}. */
    private long reused;

    /**
     * @param maxIdleBytes the most bytes of idle copies kept for reuse
     */
    BodyCopies(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    /**
     * A copy of {@code body} that the library owns: an idle array of the same length when there is one, else a new
     * one. Any thread.
     *
     * @param body the caller's body
     * @return an array of the same length and content that nothing else references
     */
    byte[] copyOf(byte[] body) {
        int length = body.length;
        if (length >= MIN_REUSED_BYTES) {
            byte[] copy = take(length);
            if (copy != null) {
                System.arraycopy(body, 0, copy, 0, length);
                return copy;
            }
        }
        return Arrays.copyOf(body, length);
    }

    /**
     * Gives back a copy made by {@link #copyOf} that nothing references any more. Copies too small to be worth
     * keeping, or larger than the idle bound, are left to the garbage collector. Any thread (the I/O thread).
     *
     * @param copy the copy; the caller must not use it afterwards
     */
    void recycle(byte[] copy) {
        int length = copy.length;
        if (length < MIN_REUSED_BYTES || length > maxIdleBytes) {
            return;
        }
        synchronized (this) {
            while (idleBytes + length > maxIdleBytes) {
                idleBytes -= idle.pollFirst().length;
            }
            idle.addLast(copy);
            idleBytes += length;
        }
    }

    private synchronized byte[] take(int length) {
        Iterator<byte[]> newestFirst = idle.descendingIterator();
        for (int scanned = 0; scanned < MAX_SCAN && newestFirst.hasNext(); scanned++) {
            byte[] candidate = newestFirst.next();
            if (candidate.length == length) {
                newestFirst.remove();
                idleBytes -= length;
                reused++;
                return candidate;
            }
        }
        return null;
    }

    /**
     * The bytes of the idle copies, for tests and diagnostics.
     *
     * @return the total length of the copies waiting for reuse
     */
    synchronized long idleBytes() {
        return idleBytes;
    }

    /**
     * How many copies were made into a reused array, for tests and diagnostics.
     *
     * @return the count since the connection opened
     */
    synchronized long reusedCount() {
        return reused;
    }
}
