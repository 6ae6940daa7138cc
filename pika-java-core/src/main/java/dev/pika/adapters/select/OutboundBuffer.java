package dev.pika.adapters.select;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * A transport's outbound bytes: a run of pooled direct chunks, each kept in read mode (position = next byte
 * to send, limit = end of the bytes written so far). {@link #append} copies into the last chunk's free tail
 * and takes new chunks from the {@link ChunkPool}; the whole run goes out with one gathering write ({@link
 * #writeTo}) or one gathering {@code SSLEngine.wrap} ({@link #array}, {@link #offset}, {@link #length}, then
 * {@link #consumed}). Drained chunks return to the pool at once.
 *
 * <p>{@link #appendRetained} puts a read-only view of the caller's direct buffer into the run instead of a copy
 * (a large body the caller leaves unchanged until it was sent): the socket reads it in place. Such a view is never
 * written into and never goes to the pool; the run drops it once drained, or on {@link #release}.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class OutboundBuffer {

    /**
     * The smallest buffer worth retaining rather than copying: each retained view costs an I/O vector and, for the
     * bytes appended after it, a chunk of its own.
     */
    static final int MIN_RETAINED_BYTES = 16 * 1024;

    private final ChunkPool pool;
    private ByteBuffer[] chunks = new ByteBuffer[8];
    private int head;
    private int tail;
    private long size;

    OutboundBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void append(byte[] source, int offset, int length) {
        while (length > 0) {
            ByteBuffer chunk = writableTail();
            int limit = chunk.limit();
            int count = Math.min(length, chunk.capacity() - limit);
            chunk.limit(limit + count);
            chunk.put(limit, source, offset, count);
            offset += count;
            length -= count;
            size += count;
        }
    }

    /** Copies {@code source}'s remaining bytes and moves its position to its limit. */
    void append(ByteBuffer source) {
        int position = source.position();
        int remaining = source.limit() - position;
        while (remaining > 0) {
            ByteBuffer chunk = writableTail();
            int limit = chunk.limit();
            int count = Math.min(remaining, chunk.capacity() - limit);
            chunk.limit(limit + count);
            chunk.put(limit, source, position, count);
            position += count;
            remaining -= count;
            size += count;
        }
        source.position(position);
    }

    /**
     * Queues {@code source}'s remaining bytes by reference: a read-only view of them joins the run, and {@code
     * source}'s position moves to its limit. The caller must not change those bytes until they were consumed or
     * the buffer released.
     */
    void appendRetained(ByteBuffer source) {
        ByteBuffer view = source.slice().asReadOnlyBuffer();
        source.position(source.limit());
        if (!view.hasRemaining()) {
            return;
        }
        int slot = nextSlot(); // first: it may replace the array
        chunks[slot] = view;
        size += view.remaining();
    }

    /** One gathering write of everything buffered; returns the bytes written. */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (size == 0) {
            return 0;
        }
        long written = channel.write(chunks, head, tail - head);
        if (written > 0) {
            consumed(written);
        }
        return written;
    }

    /** The chunk array; the live chunks are {@code [offset(), offset() + length())}. */
    ByteBuffer[] array() {
        return chunks;
    }

    int offset() {
        return head;
    }

    int length() {
        return tail - head;
    }

    /** Records that {@code bytes} were taken from the chunks' positions, and frees drained chunks. */
    void consumed(long bytes) {
        size -= bytes;
        while (head < tail && !chunks[head].hasRemaining()) {
            recycle(chunks[head]);
            chunks[head++] = null;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /** Drops every buffered byte and returns the chunks to the pool. */
    void release() {
        for (int i = head; i < tail; i++) {
            recycle(chunks[i]);
            chunks[i] = null;
        }
        head = 0;
        tail = 0;
        size = 0;
    }

    /** A pooled chunk goes back to the pool; a retained view (read-only) is only dropped. */
    private void recycle(ByteBuffer chunk) {
        if (!chunk.isReadOnly()) {
            pool.release(chunk);
        }
    }

    private ByteBuffer writableTail() {
        if (tail > head) {
            ByteBuffer last = chunks[tail - 1];
            if (!last.isReadOnly() && last.limit() < last.capacity()) {
                return last;
            }
        }
        ByteBuffer chunk = pool.acquire();
        chunk.limit(0);
        int slot = nextSlot(); // first: it may replace the array
        chunks[slot] = chunk;
        return chunk;
    }

    /** The index of a new last element of the run, made room for: compacts or grows the array when full. */
    private int nextSlot() {
        if (tail == chunks.length) {
            if (head > 0) {
                System.arraycopy(chunks, head, chunks, 0, tail - head);
                Arrays.fill(chunks, tail - head, tail, null);
                tail -= head;
                head = 0;
            } else {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
        }
        return tail++;
    }
}
