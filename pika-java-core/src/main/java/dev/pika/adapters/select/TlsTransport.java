package dev.pika.adapters.select;

import dev.pika.io.StreamConnectRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * A TLS {@link dev.pika.io.StreamTransport} over a non-blocking socket, driven by an {@link SSLEngine}.
 *
 * <p>First it runs the handshake for its {@link StreamConnector} (delegated tasks run inline on the loop's
 * thread); then it moves data: socket bytes are read into its own network buffer, unwrapped into its own
 * application buffer and handed to the protocol as a read-only view; plaintext written during a turn is
 * wrapped straight from the pooled outbound chunks (a gathering wrap) into records and written out at the end
 * of the turn.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class TlsTransport extends AbstractStreamTransport {

    /** Receives the handshake's outcome; called once, on the loop's thread. */
    interface HandshakeListener {
        void handshakeFinished();

        void handshakeFailed(Throwable error);
    }

    private static final LoopLogger LOG = LoopLogger.get(TlsTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int NET_BUFFER_SIZE = 64 * 1024;
    private static final int APP_BUFFER_SIZE = 64 * 1024;

    private final SSLEngine engine;
    /** Bytes read from the socket and not yet unwrapped; write mode. */
    private ByteBuffer netIn;
    /** Records waiting for the socket; read mode. */
    private final ByteBuffer netOut;
    /** Plaintext unwrapped and not yet delivered; write mode. */
    private ByteBuffer appIn;

    private ByteBuffer appInView;
    private final int packetSize;
    private HandshakeListener handshakeListener;

    TlsTransport(
            IoLoop loop,
            SocketChannel channel,
            SelectionKey key,
            StreamConnectRequest request,
            SSLEngine engine,
            HandshakeListener handshakeListener) {
        super(loop, channel, key, request);
        this.engine = engine;
        this.handshakeListener = handshakeListener;
        SSLSession session = engine.getSession();
        this.packetSize = session.getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(Math.max(packetSize, NET_BUFFER_SIZE));
        this.netOut = ByteBuffer.allocate(Math.max(2 * packetSize, NET_BUFFER_SIZE));
        this.netOut.flip();
        this.appIn = ByteBuffer.allocate(Math.max(session.getApplicationBufferSize(), APP_BUFFER_SIZE));
        this.appInView = appIn.asReadOnlyBuffer();
    }

    // ---------------------------------------------------------------------------------------------------
    // Handshake

    void beginHandshake() {
        try {
            engine.beginHandshake();
        } catch (SSLException | RuntimeException e) {
            failHandshake(e);
            return;
        }
        advanceHandshake();
    }

    private void advanceHandshake() {
        try {
            while (handshakeListener != null) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK:
                        runDelegatedTasks();
                        break;
                    case NEED_WRAP:
                        if (!wrapHandshake()) {
                            return;
                        }
                        break;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        if (!unwrapHandshake()) {
                            return;
                        }
                        break;
                    default: // FINISHED, NOT_HANDSHAKING
                        finishHandshake();
                        return;
                }
            }
        } catch (IOException | RuntimeException e) {
            failHandshake(e);
        }
    }

    /** Returns whether the handshake can go on at once (false: it waits for the socket). */
    private boolean wrapHandshake() throws IOException {
        netOut.compact();
        SSLEngineResult result;
        try {
            result = engine.wrap(EMPTY, netOut);
        } finally {
            netOut.flip();
        }
        switch (result.getStatus()) {
            case OK:
                break;
            case BUFFER_OVERFLOW:
                if (netOut.position() == 0 && netOut.limit() == 0) {
                    throw new SSLException("TLS record larger than the transport's network buffer");
                }
                return writeHandshakeBytes();
            default:
                throw new SSLHandshakeException("the TLS session to " + remoteAddress()
                        + " closed during the handshake (" + result.getStatus() + ")");
        }
        if (!writeHandshakeBytes()) {
            return false;
        }
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            finishHandshake();
            return false;
        }
        return true;
    }

    private boolean writeHandshakeBytes() throws IOException {
        if (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        if (netOut.hasRemaining()) {
            setInterest(interestOps | SelectionKey.OP_WRITE);
            return false;
        }
        setInterest(interestOps & ~SelectionKey.OP_WRITE);
        return true;
    }

    /** Returns whether the handshake can go on at once (false: it waits for the socket). */
    private boolean unwrapHandshake() throws IOException {
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (result.getStatus()) {
            case OK:
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                    finishHandshake();
                    return false;
                }
                return true;
            case BUFFER_UNDERFLOW:
                return readForHandshake();
            case BUFFER_OVERFLOW:
                appIn = enlarge(appIn, engine.getSession().getApplicationBufferSize());
                appInView = appIn.asReadOnlyBuffer();
                return true;
            default:
                throw new SSLHandshakeException(
                        "the TLS peer " + remoteAddress() + " closed the session during the handshake");
        }
    }

    private boolean readForHandshake() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = enlarge(netIn, engine.getSession().getPacketBufferSize());
        }
        int count = channel.read(netIn);
        if (count < 0) {
            throw new SSLHandshakeException(
                    "the peer " + remoteAddress() + " closed the connection during the TLS handshake");
        }
        if (count == 0) {
            setInterest(interestOps | SelectionKey.OP_READ);
            return false;
        }
        return true;
    }

    private void finishHandshake() {
        HandshakeListener listener = handshakeListener;
        handshakeListener = null;
        setInterest(netOut.hasRemaining() ? SelectionKey.OP_WRITE : 0);
        listener.handshakeFinished();
    }

    private void failHandshake(Throwable error) {
        HandshakeListener listener = handshakeListener;
        if (listener == null) {
            return;
        }
        handshakeListener = null;
        sendAlertQuietly();
        listener.handshakeFailed(error);
    }

    /** Best effort: tell the peer why (the engine holds an alert after a failure), without blocking. */
    private void sendAlertQuietly() {
        try {
            engine.closeOutbound();
            netOut.compact();
            try {
                engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            channel.write(netOut);
        } catch (IOException | RuntimeException e) {
            LOG.debug("sending the TLS alert to {} failed: {}", remoteAddress(), e.toString());
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static ByteBuffer enlarge(ByteBuffer buffer, int atLeast) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, atLeast));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    // ---------------------------------------------------------------------------------------------------
    // Data

    @Override
    public void onReady(int readyOps) {
        if (handshakeListener == null) {
            super.onReady(readyOps);
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            try {
                if (!writeHandshakeBytes()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                failHandshake(e);
                return;
            }
        }
        advanceHandshake();
    }

    @Override
    void startReading() {
        super.startReading();
        if (state == ACTIVE && (netIn.position() > 0 || appIn.position() > 0)) {
            unwrapAndDeliver(); // bytes that arrived with the end of the handshake
        }
    }

    @Override
    void onReadable() {
        for (int reads = 0; reads < IoLoopOptions.MAX_READS_PER_EVENT; reads++) {
            if (!netIn.hasRemaining()) {
                netIn = enlarge(netIn, engine.getSession().getPacketBufferSize());
            }
            int count;
            try {
                count = channel.read(netIn);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (count < 0) {
                endOfStream();
                return;
            }
            boolean filled = !netIn.hasRemaining();
            if (count == 0 || !unwrapAndDeliver() || !filled) {
                return;
            }
        }
    }

    /** Unwraps what is buffered and delivers it; returns whether the transport is still open. */
    private boolean unwrapAndDeliver() {
        boolean closedByPeer = false;
        netIn.flip();
        try {
            while (netIn.hasRemaining() && state == ACTIVE) {
                SSLEngineResult result = engine.unwrap(netIn, appIn);
                SSLEngineResult.Status status = result.getStatus();
                if (status == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (appIn.position() > 0) {
                        deliverAppIn();
                    } else {
                        appIn = enlarge(appIn, engine.getSession().getApplicationBufferSize());
                        appInView = appIn.asReadOnlyBuffer();
                    }
                    continue;
                }
                if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break; // a partial record: wait for more bytes
                }
                if (status == SSLEngineResult.Status.CLOSED) {
                    closedByPeer = true; // close_notify
                    break;
                }
                SSLEngineResult.HandshakeStatus handshake = result.getHandshakeStatus();
                if (handshake == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    handshake = engine.getHandshakeStatus();
                }
                if (handshake == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    markDirty(); // post-handshake message (key update): the flush wraps the reply
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            netIn.compact();
            fail(e);
            return false;
        }
        netIn.compact();
        if (state == ACTIVE) {
            deliverAppIn();
        }
        if (closedByPeer) {
            onEndOfStream();
        }
        return state == ACTIVE;
    }

    private void deliverAppIn() {
        int length = appIn.position();
        if (length == 0 || state != ACTIVE) {
            return;
        }
        appIn.clear();
        appInView.clear();
        appInView.limit(length);
        deliver(appInView);
    }

    private void endOfStream() {
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // the peer closed TCP without close_notify (a truncation): still an end of stream
            LOG.debug("TLS peer {} closed without close_notify: {}", remoteAddress(), e.toString());
        }
        onEndOfStream();
    }

    @Override
    boolean flushToSocket() throws IOException {
        if (handshakeListener != null) {
            return true; // not linked yet: nothing of the protocol's to send
        }
        while (true) {
            if (netOut.hasRemaining()) {
                socketWrites++;
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    return false;
                }
            }
            if (outbound.isEmpty() && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                return true;
            }
            if (wrapOutbound() == 0) {
                return outbound.isEmpty();
            }
        }
    }

    /** Wraps outbound plaintext (a gathering wrap from the chunks) into the empty network buffer. */
    private int wrapOutbound() throws SSLException {
        netOut.clear();
        try {
            while (netOut.remaining() >= packetSize) {
                boolean needWrap = engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
                if (outbound.isEmpty() && !needWrap) {
                    break;
                }
                SSLEngineResult result = engine.wrap(outbound.array(), outbound.offset(), outbound.length(), netOut);
                if (result.bytesConsumed() > 0) {
                    outbound.consumed(result.bytesConsumed());
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the TLS session to " + remoteAddress() + " is closed: cannot send");
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    break;
                }
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break;
                }
            }
        } finally {
            netOut.flip();
        }
        return netOut.remaining();
    }

    @Override
    void flushBeforeClose() throws IOException {
        if (handshakeListener != null) {
            return;
        }
        flushToSocket();
        engine.closeOutbound();
        if (!netOut.hasRemaining()) {
            netOut.clear();
            try {
                engine.wrap(EMPTY, netOut); // close_notify
            } finally {
                netOut.flip();
            }
            channel.write(netOut);
        }
    }

    @Override
    public long writeBufferSize() {
        return outbound.size() + netOut.remaining();
    }

    @Override
    public SSLSession sslSession() {
        return engine.getSession();
    }
}
