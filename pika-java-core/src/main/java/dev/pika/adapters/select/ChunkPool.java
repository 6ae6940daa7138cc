package dev.pika.adapters.select;

import java.nio.ByteBuffer;

/**
 * A free list of direct buffers of one size, shared by the outbound buffers of one loop's transports. It
 * keeps at most {@code maxPooled} idle chunks; the rest go back to the garbage collector.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class ChunkPool {

    private final int chunkSize;
    private final ByteBuffer[] free;
    private int freeCount;

    ChunkPool(int chunkSize, int maxPooled) {
        this.chunkSize = chunkSize;
        this.free = new ByteBuffer[maxPooled];
    }

    int chunkSize() {
        return chunkSize;
    }

    int idleChunks() {
        return freeCount;
    }

    /** A cleared chunk: position 0, limit = capacity = the chunk size. */
    ByteBuffer acquire() {
        if (freeCount > 0) {
            ByteBuffer chunk = free[--freeCount];
            free[freeCount] = null;
            return chunk;
        }
        return ByteBuffer.allocateDirect(chunkSize);
    }

    void release(ByteBuffer chunk) {
        if (freeCount < free.length && chunk.capacity() == chunkSize) {
            chunk.clear();
            free[freeCount++] = chunk;
        }
    }

    void clear() {
        for (int i = 0; i < freeCount; i++) {
            free[i] = null;
        }
        freeCount = 0;
    }
}
