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
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class OutboundBuffer {

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
            pool.release(chunks[head]);
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
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        head = 0;
        tail = 0;
        size = 0;
    }

    private ByteBuffer writableTail() {
        if (tail > head) {
            ByteBuffer last = chunks[tail - 1];
            if (last.limit() < last.capacity()) {
                return last;
            }
        }
        ByteBuffer chunk = pool.acquire();
        chunk.limit(0);
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
        chunks[tail++] = chunk;
        return chunk;
    }
}
