package dev.pika.adapters.blocking;

import dev.pika.internal.EngineLogger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The copies of a {@link BlockingConnection}'s large published bodies, in direct buffers that are reused. {@code
 * basicPublish} without confirms and {@code basicPublishConfirmed} copy the caller's body on the calling thread, so
 * that the caller may reuse its array once the call returns. A body of at least {@value #MIN_DIRECT_BYTES} bytes is
 * copied into a direct buffer: a pipelined confirmed publish then reaches the socket without another copy (the
 * transport sends its body frames from the buffer in place, see {@link dev.pika.channel.Channel#basicPublishConfirmed(
 * String, String, ByteBuffer, dev.pika.BasicProperties, boolean)}), where a heap array would be copied again into the
 * outbound buffer; and a large heap copy would be a humongous object for G1, allocated and zeroed outside the young
 * generation. Smaller bodies are copied into plain arrays by the publisher and never kept.
 *
 * <p>A buffer is given back ({@link #recycle}) only when no reference to it is left: by the I/O thread after the
 * engine encoded a publish without confirms (copied into the outbound buffer), or after the broker acked a
 * confirm-mode publish (until then the transport may still send from it, and the engine keeps a view of it for a
 * {@code NackException}, which gets its own copy). The buffer of a nacked or failed publish, or one never sent, is
 * left to the garbage collector. Buffers are sized in classes (the length rounded up to an eighth of its highest power
 * of two), so bodies of varying sizes share them, wasting at most an eighth.
 *
 * <p>Memory: at most {@code maxIdleBytes} of idle buffers are kept ({@link #IDLE_BOUND_IN_HIGH_WATERMARKS} times the
 * connection's {@code writeBufferHighWatermark}, 16 MiB by default: RabbitMQ acks pipelined publishes in batches, and a
 * batch's buffers should wait for the publishes that follow it); the oldest go first. Buffers in use are bounded as
 * before, by the publish gate and by the application's own confirm window. Direct memory counts against the JVM's
 * {@code -XX:MaxDirectMemorySize} (by default the heap's maximum); when the JVM refuses a direct buffer, the copy is
 * made on the heap instead (logged once) and publishing goes on.
 *
 * <p>Thread-safe: {@link #copyOf} on publishing threads, {@link #recycle} on the I/O thread; the monitor is taken once
 * per copy and once per recycle.
 */
final class BodyCopies {

    /** Bodies at least this long are copied into (reused) direct buffers; shorter ones into new arrays. */
    static final int MIN_DIRECT_BYTES = 64 * 1024;

    /** The bound of the idle buffers, in multiples of the connection's {@code writeBufferHighWatermark}. */
    static final int IDLE_BOUND_IN_HIGH_WATERMARKS = 4;

    /** How many idle buffers {@link #copyOf} looks at for one of the right size class, newest first. */
    private static final int MAX_SCAN = 8;

    private static final EngineLogger LOG = EngineLogger.get(BlockingConnection.class);

    private final long maxIdleBytes;
    /** Idle buffers, oldest first. Guarded by {@code this}. */
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    /** Guarded by {@code this}. */
    private long idleBytes;
    /** Guarded by {@code this}. */
    private long reused;
    /** Whether the JVM refused a direct buffer once (logged). Guarded by {@code this}. */
    private boolean directRefused;

    /**
     * @param maxIdleBytes the most bytes of idle buffers kept for reuse
     */
    BodyCopies(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    /**
     * Whether a body of this length is copied by {@link #copyOf}.
     *
     * @param length the body's length
     * @return true from {@value #MIN_DIRECT_BYTES} bytes
     */
    static boolean isLarge(int length) {
        return length >= MIN_DIRECT_BYTES;
    }

    /**
     * A copy of a large body that the library owns: an idle direct buffer of the body's size class when there is
     * one, else a new one (a heap buffer when the JVM refuses direct memory). Any thread.
     *
     * @param body the caller's body, at least {@value #MIN_DIRECT_BYTES} bytes
     * @return a buffer holding the body's bytes from position 0 to its limit, that nothing else references
     */
    ByteBuffer copyOf(byte[] body) {
        int length = body.length;
        int capacity = sizeClass(length);
        ByteBuffer copy = take(capacity);
        if (copy == null) {
            copy = allocate(body, capacity);
            if (!copy.isDirect()) {
                return copy;
            }
        }
        copy.clear().limit(length);
        copy.put(0, body);
        return copy;
    }

    /**
     * Gives back a buffer made by {@link #copyOf} that nothing references any more. Heap buffers, and buffers larger
     * than the idle bound, are left to the garbage collector. Any thread (the I/O thread).
     *
     * @param copy the buffer; the caller must not use it afterwards
     */
    void recycle(ByteBuffer copy) {
        int capacity = copy.capacity();
        if (!copy.isDirect() || capacity > maxIdleBytes) {
            return;
        }
        synchronized (this) {
            while (idleBytes + capacity > maxIdleBytes) {
                idleBytes -= idle.pollFirst().capacity();
            }
            idle.addLast(copy);
            idleBytes += capacity;
        }
    }

    /** The capacity of a body's buffer: its length rounded up to an eighth of its highest power of two. */
    static int sizeClass(int length) {
        int step = Math.max(1, Integer.highestOneBit(length) >>> 3);
        long rounded = ((long) length + step - 1) / step * step;
        return (int) Math.min(rounded, Integer.MAX_VALUE - 8);
    }

    private ByteBuffer allocate(byte[] body, int capacity) {
        try {
            return ByteBuffer.allocateDirect(capacity);
        } catch (OutOfMemoryError e) {
            synchronized (this) {
                if (!directRefused) {
                    directRefused = true;
                    LOG.warn(
                            "The JVM refused a direct buffer of {} bytes for a published body ({}); large bodies are"
                                    + " copied on the heap while it does (raise -XX:MaxDirectMemorySize to avoid the"
                                    + " extra copy)",
                            capacity,
                            e.getMessage());
                }
            }
            return ByteBuffer.wrap(Arrays.copyOf(body, body.length));
        }
    }

    private synchronized ByteBuffer take(int capacity) {
        Iterator<ByteBuffer> newestFirst = idle.descendingIterator();
        for (int scanned = 0; scanned < MAX_SCAN && newestFirst.hasNext(); scanned++) {
            ByteBuffer candidate = newestFirst.next();
            if (candidate.capacity() == capacity) {
                newestFirst.remove();
                idleBytes -= capacity;
                reused++;
                return candidate;
            }
        }
        return null;
    }

    /**
     * The bytes of the idle buffers, for tests and diagnostics.
     *
     * @return the total capacity of the buffers waiting for reuse
     */
    synchronized long idleBytes() {
        return idleBytes;
    }

    /**
     * How many copies were made into a reused buffer, for tests and diagnostics.
     *
     * @return the count since the connection opened
     */
    synchronized long reusedCount() {
        return reused;
    }
}
