package dev.pika.adapters.select;

import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.WriteBufferFullException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * What the plain and TLS transports share: the outbound buffer and its watermarks, the end-of-turn flush,
 * interest-set bookkeeping, and the closing rules (one {@code connectionLost}, ever).
 *
 * <p>Not thread-safe: confined to the loop's thread (see {@link StreamTransport}).
 */
abstract class AbstractStreamTransport implements StreamTransport, SelectorHandler, LoopResource {

    private static final LoopLogger LOG = LoopLogger.get(AbstractStreamTransport.class);

    /** Open: reads and writes flow. */
    static final int ACTIVE = 0;
    /** Closed by abort() or close(); connectionLost(null) is queued. */
    static final int CLOSED_NOTICE_PENDING = 1;
    /** Closed, and connectionLost was delivered (or the transport was never linked). */
    static final int CLOSED = 2;

    final IoLoop loop;
    final SocketChannel channel;
    final SelectionKey key;
    final OutboundBuffer outbound;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final long highWatermark;
    private final long lowWatermark;
    private final long hardLimit;

    StreamProtocol protocol;
    int state = ACTIVE;
    int interestOps;
    private boolean dirty;
    private boolean writable = true;
    /** Socket write calls made so far (test hook: proves that a turn's writes are gathered). */
    long socketWrites;

    AbstractStreamTransport(IoLoop loop, SocketChannel channel, SelectionKey key, StreamConnectRequest request) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.outbound = new OutboundBuffer(loop.chunkPool());
        this.remoteAddress = request.remoteAddress();
        this.localAddress = localAddressOf(channel);
        this.highWatermark = request.writeBufferHighWatermark();
        this.lowWatermark = request.writeBufferHighWatermark() / 2;
        this.hardLimit = request.writeBufferHardLimit();
        this.interestOps = key.interestOps();
    }

    private static InetSocketAddress localAddressOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Linking (by the connector)

    /** Links the protocol: calls connectionMade. */
    final void link(StreamProtocol streamProtocol) {
        this.protocol = streamProtocol;
        streamProtocol.connectionMade(this);
    }

    /** Starts delivering data to the protocol. */
    void startReading() {
        if (state == ACTIVE) {
            setInterest(interestOps | SelectionKey.OP_READ);
        }
    }

    /** Closes without telling anyone: the connect failed or was cancelled before the protocol was linked. */
    final void discard() {
        if (state != CLOSED) {
            state = CLOSED;
            closeResources();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Writing

    @Override
    public final void write(ByteBuffer data) {
        int length = data.remaining();
        if (length == 0 || state != ACTIVE) {
            return;
        }
        reserve(length);
        outbound.append(data);
        afterAppend();
    }

    @Override
    public final void write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0 || state != ACTIVE) {
            return;
        }
        reserve(length);
        outbound.append(data, offset, length);
        afterAppend();
    }

    /**
     * Queues a direct buffer of at least {@link OutboundBuffer#MIN_RETAINED_BYTES} bytes by reference (the socket,
     * or the TLS engine, reads it in place); anything smaller, or on the heap, is copied as {@link #write(ByteBuffer)}
     * does.
     */
    @Override
    public final void writeRetained(ByteBuffer data) {
        int length = data.remaining();
        if (length < OutboundBuffer.MIN_RETAINED_BYTES || !data.isDirect()) {
            write(data);
            return;
        }
        if (state != ACTIVE) {
            data.position(data.limit());
            return;
        }
        reserve(length);
        outbound.appendRetained(data);
        afterAppend();
    }

    private void reserve(int length) {
        long pending = writeBufferSize();
        if (pending + length > hardLimit) {
            throw new WriteBufferFullException(pending, length, hardLimit);
        }
    }

    private void afterAppend() {
        markDirty();
        if (writable && writeBufferSize() > highWatermark) {
            writable = false;
        }
    }

    final void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    @Override
    public long writeBufferSize() {
        return outbound.size();
    }

    @Override
    public final boolean isWritable() {
        return writable;
    }

    @Override
    public final boolean isOpen() {
        return state == ACTIVE;
    }

    /** End of turn (or socket writable again): hand what is buffered to the socket. */
    final void flush() {
        dirty = false;
        if (state != ACTIVE) {
            return;
        }
        boolean drained;
        try {
            drained = flushToSocket();
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        if (drained) {
            setInterest(interestOps & ~SelectionKey.OP_WRITE);
        } else {
            setInterest(interestOps | SelectionKey.OP_WRITE);
        }
        if (!writable && writeBufferSize() <= lowWatermark) {
            writable = true;
            try {
                protocol.writeBufferDrained();
            } catch (Throwable t) {
                TurnRunner.rethrowIfFatal(t);
                LOG.warn("protocol.writeBufferDrained() of " + this + " threw", t);
            }
        }
    }

    /**
     * Writes buffered bytes to the socket without blocking.
     *
     * @return whether nothing is left to send
     */
    abstract boolean flushToSocket() throws IOException;

    // ---------------------------------------------------------------------------------------------------
    // Readiness

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && state == ACTIVE) {
            markDirty(); // the end-of-turn flush sends it, together with this turn's writes
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && state == ACTIVE) {
            onReadable();
        }
    }

    abstract void onReadable();

    /** Hands {@code data} to the protocol; a protocol that throws loses its connection with that error. */
    final boolean deliver(ByteBuffer data) {
        try {
            protocol.dataReceived(data);
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("protocol.dataReceived() of " + this + " threw; closing the transport", t);
            fail(t);
            return false;
        }
        return state == ACTIVE;
    }

    final void setInterest(int ops) {
        if (ops != interestOps && key.isValid()) {
            interestOps = ops;
            key.interestOps(ops);
            loop.selectorTouched();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Closing

    /** The peer closed its end: eofReceived, then close and connectionLost(null). */
    final void onEndOfStream() {
        if (state != ACTIVE) {
            return;
        }
        try {
            protocol.eofReceived();
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("protocol.eofReceived() of " + this + " threw", t);
            fail(t);
            return;
        }
        if (state == ACTIVE) {
            state = CLOSED;
            closeResources();
            notifyLost(null);
        }
    }

    /** An I/O error (or a protocol callback's exception) ends the stream: close, connectionLost(error). */
    final void fail(Throwable error) {
        if (state != ACTIVE) {
            return;
        }
        state = CLOSED;
        closeResources();
        notifyLost(error);
    }

    @Override
    public final void abort() {
        if (state != ACTIVE) {
            return;
        }
        state = CLOSED_NOTICE_PENDING;
        closeResources();
        loop.post(this::deliverPendingNotice);
    }

    @Override
    public final void close() {
        if (state != ACTIVE) {
            return;
        }
        try {
            flushBeforeClose();
        } catch (IOException | RuntimeException e) {
            LOG.debug("flushing {} before closing failed: {}", this, e.toString());
        }
        abort();
    }

    /** One non-blocking attempt to send what is buffered (and, for TLS, close_notify). */
    abstract void flushBeforeClose() throws IOException;

    private void deliverPendingNotice() {
        if (state == CLOSED_NOTICE_PENDING) {
            state = CLOSED;
            notifyLost(null);
        }
    }

    @Override
    public final void onLoopClosed() {
        if (state == ACTIVE) {
            state = CLOSED;
            closeResources();
            notifyLost(new IOException("the IoLoop was closed while the stream to " + remoteAddress + " was open"));
        } else {
            deliverPendingNotice();
        }
    }

    private void notifyLost(Throwable error) {
        loop.removeResource(this);
        StreamProtocol linked = protocol;
        if (linked == null) {
            return;
        }
        try {
            linked.connectionLost(error);
        } catch (Throwable t) {
            TurnRunner.rethrowIfFatal(t);
            LOG.warn("protocol.connectionLost() of " + this + " threw", t);
        }
    }

    private void closeResources() {
        loop.selectorTouched();
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the socket of {} failed: {}", this, e.toString());
        }
        outbound.release();
        releaseBuffers();
    }

    /** Releases what a subclass holds besides the outbound buffer. */
    void releaseBuffers() {}

    // ---------------------------------------------------------------------------------------------------
    // Accessors

    @Override
    public final StreamProtocol protocol() {
        return protocol;
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public final InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + localAddress + " -> " + remoteAddress
                + (state == ACTIVE ? "" : ", closed") + "]";
    }
}
