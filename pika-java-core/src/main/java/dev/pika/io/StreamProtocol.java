package dev.pika.io;

import java.nio.ByteBuffer;

/**
 * The receiving side of a {@link StreamTransport}: what the protocol engine implements. Pika's {@code
 * AbstractStreamProtocol}.
 *
 * <p>Threading: every method is called on the loop's thread. {@link #connectionMade} is called once, first;
 * {@link #connectionLost} is called at most once, last; the others only between the two.
 */
public interface StreamProtocol {

    /**
     * The transport is connected (TCP and, when configured, TLS are up) and linked to this protocol. Data
     * written here is flushed at the end of the current loop turn.
     *
     * @param transport the transport this protocol now owns
     */
    void connectionMade(StreamTransport transport);

    /**
     * Bytes arrived.
     *
     * @param data a read-only buffer, non-empty, valid only during the call: copy what must outlive it
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer closed its end of the stream (TCP FIN, or a TLS close_notify). The transport closes itself
     * after this returns and {@link #connectionLost connectionLost(null)} follows.
     */
    void eofReceived();

    /**
     * The stream is gone; the transport is closed and its buffers are released.
     *
     * @param errorOrNull {@code null} after {@link StreamTransport#abort()}, {@link StreamTransport#close()}
     *     or end of stream; otherwise the I/O error (or the exception one of this protocol's callbacks threw)
     *     that ended the stream
     */
    void connectionLost(Throwable errorOrNull);

    /**
     * The transport's write buffer fell back to its low watermark (half the high watermark) after having gone
     * above the high watermark: {@link StreamTransport#isWritable()} is {@code true} again.
     */
    default void writeBufferDrained() {}
}
