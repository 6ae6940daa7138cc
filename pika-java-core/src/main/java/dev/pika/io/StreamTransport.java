package dev.pika.io;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * A connected byte stream (plain TCP or TLS) owned by one loop: Pika's {@code AbstractStreamTransport}.
 *
 * <p>Writes are gathered: {@link #write} copies the bytes into the transport's outbound buffer, and the loop
 * flushes every transport written during a turn once, at the end of the turn, with one gathering socket
 * write. What the socket cannot take stays buffered and goes when the socket is writable again.
 *
 * <p>Backpressure: {@link #writeBufferSize()} counts bytes accepted but not yet handed to the socket. Above
 * the high watermark {@link #isWritable()} turns {@code false}; when the buffer falls back to the low
 * watermark (half the high one) it turns {@code true} again and {@link StreamProtocol#writeBufferDrained()}
 * is called. A write that would take the buffer above the hard limit throws {@link
 * WriteBufferFullException} and buffers nothing.
 *
 * <p>Threading: loop thread only, except {@link #remoteAddress()} and {@link #localAddress()}.
 */
public interface StreamTransport {

    /**
     * Copies {@code data}'s remaining bytes into the outbound buffer and advances its position to its limit.
     * Does nothing on a transport that is closing or closed (its protocol hears of the closure through
     * {@link StreamProtocol#connectionLost}).
     *
     * @param data the bytes to send
     * @throws WriteBufferFullException when the bytes would take the buffer above its hard limit
     */
    void write(ByteBuffer data);

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset} into the outbound buffer. Does nothing
     * on a transport that is closing or closed.
     *
     * @param data the bytes to send
     * @param offset where they start in {@code data}
     * @param length how many
     * @throws WriteBufferFullException when the bytes would take the buffer above its hard limit
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not fit {@code data}
     */
    void write(byte[] data, int offset, int length);

    /**
     * Queues {@code data}'s remaining bytes like {@link #write(ByteBuffer)}, but may keep a reference to them
     * instead of a copy until they are sent: the caller must leave those bytes unchanged until they have been handed
     * to the socket (or, for TLS, encrypted) or the transport has closed. Meant for large bodies in direct buffers,
     * which then cross no user-space copy at all; a transport may copy anything (this default always does).
     * Advances {@code data}'s position to its limit.
     *
     * @param data the bytes to send
     * @throws WriteBufferFullException when the bytes would take the buffer above its hard limit
     */
    default void writeRetained(ByteBuffer data) {
        write(data);
    }

    /**
     * Bytes accepted by {@link #write} and not yet handed to the socket (for TLS, plaintext not yet encrypted
     * plus records not yet sent).
     *
     * @return the outbound buffer's size in bytes
     */
    long writeBufferSize();

    /**
     * Whether the outbound buffer is below its high watermark (or has drained back to its low watermark
     * since it went above it).
     *
     * @return {@code false} while the peer or the network is not keeping up
     */
    boolean isWritable();

    /**
     * Whether the transport is still open: not closed or aborted, and no end of stream or error was seen.
     *
     * @return {@code true} until the transport begins to close
     */
    boolean isOpen();

    /**
     * Closes the stream at once, dropping buffered outbound bytes. {@link StreamProtocol#connectionLost
     * connectionLost(null)} follows on a later loop turn (never from inside this call). Does nothing when the
     * transport is already closing or closed.
     */
    void abort();

    /**
     * Closes the stream gracefully: hands what is buffered to the socket in one non-blocking attempt (bytes
     * the socket cannot take at once are dropped), sends TLS close_notify, then closes. {@link
     * StreamProtocol#connectionLost connectionLost(null)} follows on a later loop turn. Does nothing when the
     * transport is already closing or closed.
     */
    void close();

    /**
     * The protocol linked to this transport.
     *
     * @return the protocol given to {@link IoServices#connectStream}
     */
    StreamProtocol protocol();

    /**
     * The TLS session, for a TLS transport.
     *
     * @return the negotiated session, or {@code null} for a plain TCP transport
     */
    SSLSession sslSession();

    /**
     * The peer's address. Any thread.
     *
     * @return the address connected to
     */
    InetSocketAddress remoteAddress();

    /**
     * The local end's address. Any thread.
     *
     * @return the local address and port of the socket
     */
    InetSocketAddress localAddress();
}
