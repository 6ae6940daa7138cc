package dev.pika.frame;

import java.nio.ByteBuffer;

/**
 * Where a {@link FrameWriter} puts encoded frames: in the client, the connection's stream transport, which gathers
 * the bytes of a loop turn and flushes them with one socket write.
 *
 * <p>The two {@code write} methods must copy what they are given before returning: the writer reuses its buffer and
 * the caller may reuse its body array right after the call; {@link #writeRetained} may keep a reference instead.
 * Called from the thread that owns the writer.
 */
public interface ByteSink {

    /**
     * Copies the buffer's bytes from its position to its limit, and advances its position to its limit.
     *
     * @param data the bytes to copy
     */
    void write(ByteBuffer data);

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset}.
     *
     * @param data the array
     * @param offset the first byte
     * @param length the byte count
     */
    void write(byte[] data, int offset, int length);

    /**
     * Takes the buffer's bytes from its position to its limit, by reference or as a copy, and advances its position
     * to its limit: the caller leaves those bytes unchanged until they were sent (see {@link
     * dev.pika.io.StreamTransport#writeRetained}). This default copies them.
     *
     * @param data the bytes to send
     */
    default void writeRetained(ByteBuffer data) {
        write(data);
    }
}
