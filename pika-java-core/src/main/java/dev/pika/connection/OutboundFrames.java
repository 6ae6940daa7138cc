package dev.pika.connection;

import dev.pika.BasicProperties;
import dev.pika.frame.ByteSink;
import dev.pika.frame.FrameWriter;
import dev.pika.io.StreamTransport;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;

/**
 * The connection's outbound side: a {@link FrameWriter} whose {@link ByteSink} is the stream transport. Every write
 * raises the heartbeat checker's "sent" flag. Before the stream exists, and after it is gone, writes are dropped.
 *
 * <p>Publishes are checked against the outbound limit before anything is written: a publish spans several transport
 * writes, and the transport refuses a write above its hard limit, so without the check a publish could be cut in the
 * middle of its frames. The check counts an upper bound of the frames' size (body, its framing, and a method and a
 * header frame of at most {@code frame_max} each), so the transport never refuses a part of a publish that passed.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class OutboundFrames implements ByteSink {

    private static final int FRAME_OVERHEAD = AmqpConstants.FRAME_HEADER_SIZE + AmqpConstants.FRAME_END_SIZE;

    private final FrameWriter writer = new FrameWriter(this);
    private final long writeLimit;
    private final Runnable onCorruptedStream;

    private StreamTransport transport;
    private HeartbeatChecker heartbeat;
    private int frameMax;
    private long written;

    /**
     * @param writeLimit the most bytes the transport may hold unsent ({@code ConnectionParameters.writeBufferLimit})
     * @param initialFrameMax the frame size bound before tuning
     * @param onCorruptedStream runs when the transport refused part of a frame sequence (the stream is unusable)
     */
    OutboundFrames(long writeLimit, int initialFrameMax, Runnable onCorruptedStream) {
        this.writeLimit = writeLimit;
        this.frameMax = initialFrameMax;
        this.onCorruptedStream = onCorruptedStream;
    }

    void attach(StreamTransport streamTransport) {
        this.transport = streamTransport;
    }

    void detach() {
        this.transport = null;
    }

    void heartbeat(HeartbeatChecker checker) {
        this.heartbeat = checker;
    }

    /** After {@code Connection.Tune}: the negotiated {@code frame_max}. */
    void frameMax(int negotiated) {
        this.frameMax = negotiated;
        writer.setMaxFrameSize(negotiated);
    }

    int frameMax() {
        return frameMax;
    }

    boolean isWritable() {
        StreamTransport current = transport;
        return current != null && current.isOpen() && current.isWritable();
    }

    @Override
    public void write(ByteBuffer data) {
        write(data, false);
    }

    @Override
    public void writeRetained(ByteBuffer data) {
        write(data, true);
    }

    private void write(ByteBuffer data, boolean retained) {
        StreamTransport current = transport;
        if (current == null) {
            data.position(data.limit());
            return;
        }
        written += data.remaining();
        if (retained) {
            current.writeRetained(data);
        } else {
            current.write(data);
        }
        markSent();
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        StreamTransport current = transport;
        if (current == null) {
            return;
        }
        written += length;
        current.write(data, offset, length);
        markSent();
    }

    private void markSent() {
        HeartbeatChecker checker = heartbeat;
        if (checker != null) {
            checker.markSent();
        }
    }

    void protocolHeader() {
        writer.writeProtocolHeader();
    }

    void heartbeatFrame() {
        writer.writeHeartbeat();
    }

    void method(int channel, Method method) {
        writer.writeMethod(channel, method);
    }

    void frame(byte[] frame, int offset, int length) {
        write(frame, offset, length);
    }

    /**
     * Writes a content-bearing method with its header and body frames, all or nothing.
     *
     * @throws WriteBufferFullException when the frames could take the transport above the outbound limit
     */
    void content(int channel, Method method, BasicProperties properties, byte[] body, int offset, int length) {
        checkRoomFor(length);
        long before = written;
        try {
            writer.writeContent(channel, method, properties, body, offset, length, frameMax);
        } catch (WriteBufferFullException e) {
            onRefused(before);
            throw e;
        }
    }

    /**
     * Writes a content-bearing method with its header and the body frames of {@code body}'s remaining bytes, all or
     * nothing; {@code retainBody} lets the transport send large direct bodies in place (see {@link
     * FrameWriter#writeContent(int, Method, BasicProperties, ByteBuffer, int, boolean)}).
     *
     * @throws WriteBufferFullException when the frames could take the transport above the outbound limit
     */
    void content(int channel, Method method, BasicProperties properties, ByteBuffer body, boolean retainBody) {
        checkRoomFor(body.remaining());
        long before = written;
        try {
            writer.writeContent(channel, method, properties, body, frameMax, retainBody);
        } catch (WriteBufferFullException e) {
            onRefused(before);
            throw e;
        }
    }

    private void checkRoomFor(int bodyLength) {
        StreamTransport current = transport;
        if (current != null) {
            long bodyFrames = bodyLength == 0
                    ? 0
                    : (bodyLength + (long) frameMax - FRAME_OVERHEAD - 1) / (frameMax - FRAME_OVERHEAD);
            long bound = bodyLength + bodyFrames * FRAME_OVERHEAD + 2L * frameMax;
            long buffered = current.writeBufferSize();
            if (buffered + bound > writeLimit) {
                throw new WriteBufferFullException(buffered, bound, writeLimit);
            }
        }
    }

    /** The transport refused a part of a content's frames: the stream is cut when some were already written. */
    private void onRefused(long writtenBefore) {
        if (written != writtenBefore) {
            onCorruptedStream.run();
        }
    }
}
