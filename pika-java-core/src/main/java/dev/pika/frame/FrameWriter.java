package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Method;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes frames into a {@link ByteSink}: the protocol header, method frames, content (method, header and body
 * frames) and heartbeats.
 *
 * <p>Method frames, content headers and the framing of body frames are encoded into one reusable scratch buffer (it
 * grows when a frame needs more room, up to the maximum frame size); body bytes go to the sink straight from the
 * caller's array or buffer, split at {@code frameMax - 8}, so the sink makes the only copy of a body (none, when it
 * retains a large direct buffer's bytes: {@link #writeContent(int, Method, BasicProperties, ByteBuffer, int,
 * boolean)}). A frame is encoded
 * completely before anything reaches the sink: when encoding fails (an unsupported header value, a frame over the
 * limit) nothing is written.
 *
 * <p>Not thread-safe: owned by the connection's I/O thread.
 */
public final class FrameWriter {

    /** The scratch buffer's initial capacity. */
    public static final int INITIAL_SCRATCH_CAPACITY = 4096;

    private static final int MAX_SCRATCH_CAPACITY = Integer.MAX_VALUE - 8;
    private static final int FRAME_OVERHEAD = AmqpConstants.FRAME_HEADER_SIZE + AmqpConstants.FRAME_END_SIZE;
    private static final byte FRAME_END = (byte) AmqpConstants.FRAME_END;
    private static final byte[] PROTOCOL_HEADER = AmqpConstants.protocolHeader();
    private static final byte[] HEARTBEAT = {(byte) AmqpConstants.FRAME_HEARTBEAT, 0, 0, 0, 0, 0, 0, FRAME_END};

    private final ByteSink sink;
    private ByteBuffer scratch = ByteBuffer.allocate(INITIAL_SCRATCH_CAPACITY);
    private int maxFrameSize = Integer.MAX_VALUE;

    /**
     * Creates a writer.
     *
     * @param sink where the encoded bytes go
     */
    public FrameWriter(ByteSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink must not be null");
    }

    /**
     * Sets the largest frame {@link #writeMethod} may write, after {@code Connection.Tune}: the negotiated
     * {@code frame_max}. Until then, method frames are not limited.
     *
     * @param maxFrameSize the largest frame, header and end octet included; at least 4096
     * @throws IllegalArgumentException when {@code maxFrameSize} is below 4096
     */
    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = checkFrameMax("maxFrameSize", maxFrameSize);
    }

    /** Writes the AMQP 0-9-1 protocol header {@code "AMQP" 0 0 9 1}. */
    public void writeProtocolHeader() {
        sink.write(PROTOCOL_HEADER, 0, PROTOCOL_HEADER.length);
    }

    /** Writes a heartbeat frame (on channel 0). */
    public void writeHeartbeat() {
        sink.write(HEARTBEAT, 0, HEARTBEAT.length);
    }

    /**
     * Writes a method frame for a method without content.
     *
     * @param channel the channel number, 0 to 65535
     * @param method the method
     * @throws IllegalArgumentException when the method carries content (use {@link #writeContent}), the channel is
     *     out of range, or the frame is larger than the maximum frame size
     * @throws dev.pika.exceptions.UnsupportedAmqpFieldException when a table argument holds an unsupported value
     */
    public void writeMethod(int channel, Method method) {
        checkChannel(channel);
        if (method.hasContent()) {
            throw new IllegalArgumentException(
                    method.name() + " carries content; write it with writeContent(channel, method, properties, body)");
        }
        while (true) {
            try {
                scratch.clear();
                putMethodFrame(channel, method, maxFrameSize);
                break;
            } catch (BufferOverflowException e) {
                grow(maxFrameSize);
            }
        }
        scratch.flip();
        sink.write(scratch);
    }

    /**
     * Writes a content-bearing method ({@code Basic.Publish}) with its content header and body frames.
     *
     * @param channel the channel number, 0 to 65535
     * @param method the content-bearing method
     * @param properties the message properties, or {@code null} for none
     * @param body the whole body
     * @param frameMax the negotiated {@code frame_max}; bodies are split into frames of at most {@code frameMax - 8}
     *     bytes
     */
    public void writeContent(int channel, Method method, BasicProperties properties, byte[] body, int frameMax) {
        writeContent(channel, method, properties, body, 0, body.length, frameMax);
    }

    /**
     * Writes a content-bearing method with its content header and the body frames of {@code length} bytes of
     * {@code body} from {@code offset}.
     *
     * @param channel the channel number, 0 to 65535
     * @param method the content-bearing method
     * @param properties the message properties, or {@code null} for none
     * @param body the array holding the body; not copied by the writer (the sink copies it)
     * @param offset where the body starts in {@code body}
     * @param length the body length
     * @param frameMax the negotiated {@code frame_max}, at least 4096
     * @throws IllegalArgumentException when the method carries no content, the channel or range is invalid, or the
     *     method or header frame is larger than {@code frameMax} (nothing is written)
     * @throws dev.pika.exceptions.UnsupportedAmqpFieldException when a header value has no AMQP field type (nothing is
     *     written)
     */
    public void writeContent(
            int channel, Method method, BasicProperties properties, byte[] body, int offset, int length, int frameMax) {
        Objects.checkFromIndexSize(offset, length, body.length);
        if (!startContent(channel, method, properties, length, frameMax)) {
            return;
        }
        int maxPayload = frameMax - FRAME_OVERHEAD;
        int position = offset;
        int end = offset + length;
        while (true) {
            int chunk = Math.min(maxPayload, end - position);
            startBodyFrame(channel, chunk);
            sink.write(body, position, chunk);
            position += chunk;
            if (position == end) {
                break;
            }
        }
        endContent();
    }

    /**
     * Writes a content-bearing method with its content header and the body frames of {@code body}'s remaining bytes.
     * With {@code retainBody} the body frames' payloads go to the sink's {@link ByteSink#writeRetained} (a transport
     * may then send them from {@code body} in place, so the caller must leave those bytes unchanged until they were
     * sent); otherwise the sink copies them. {@code body}'s position and limit are not changed.
     *
     * @param channel the channel number, 0 to 65535
     * @param method the content-bearing method
     * @param properties the message properties, or {@code null} for none
     * @param body the body, from its position to its limit
     * @param frameMax the negotiated {@code frame_max}, at least 4096
     * @param retainBody whether the sink may keep references to {@code body}'s bytes
     * @throws IllegalArgumentException when the method carries no content, the channel is invalid, or the method or
     *     header frame is larger than {@code frameMax} (nothing is written)
     * @throws dev.pika.exceptions.UnsupportedAmqpFieldException when a header value has no AMQP field type (nothing is
     *     written)
     */
    public void writeContent(
            int channel, Method method, BasicProperties properties, ByteBuffer body, int frameMax, boolean retainBody) {
        if (!startContent(channel, method, properties, body.remaining(), frameMax)) {
            return;
        }
        ByteBuffer payload = body.duplicate();
        int maxPayload = frameMax - FRAME_OVERHEAD;
        int position = payload.position();
        int end = payload.limit();
        while (true) {
            int chunk = Math.min(maxPayload, end - position);
            startBodyFrame(channel, chunk);
            payload.limit(position + chunk).position(position); // whatever the sink did with the position
            if (retainBody) {
                sink.writeRetained(payload);
            } else {
                sink.write(payload);
            }
            position += chunk;
            if (position == end) {
                break;
            }
        }
        endContent();
    }

    /**
     * Encodes the method and header frames into the scratch buffer; when the body is empty, writes them and returns
     * false (the content is complete). Otherwise leaves them in the scratch buffer, with room for a body frame's
     * header after them, and returns true.
     */
    private boolean startContent(int channel, Method method, BasicProperties properties, int length, int frameMax) {
        checkChannel(channel);
        checkFrameMax("frameMax", frameMax);
        if (!method.hasContent()) {
            throw new IllegalArgumentException(
                    method.name() + " carries no content; write it with writeMethod(channel, method)");
        }
        while (true) {
            try {
                scratch.clear();
                putMethodFrame(channel, method, frameMax);
                putHeaderFrame(channel, method.classId(), length, properties, frameMax);
                if (length > 0 && scratch.remaining() < AmqpConstants.FRAME_HEADER_SIZE) {
                    throw new BufferOverflowException();
                }
                break;
            } catch (BufferOverflowException e) {
                grow(2L * frameMax + AmqpConstants.FRAME_HEADER_SIZE);
            }
        }
        if (length == 0) {
            scratch.flip();
            sink.write(scratch);
            return false;
        }
        return true;
    }

    /**
     * Appends a body frame's header to the scratch buffer (after the previous frame's end octet, or the method and
     * header frames) and writes the scratch buffer; the frame's payload follows. Leaves the frame's end octet in the
     * scratch buffer, written with the next frame's header or by {@link #endContent}.
     */
    private void startBodyFrame(int channel, int payloadSize) {
        scratch.put((byte) AmqpConstants.FRAME_BODY).putShort((short) channel).putInt(payloadSize);
        scratch.flip();
        sink.write(scratch);
        scratch.clear();
        scratch.put(FRAME_END);
    }

    /** Writes the last body frame's end octet. */
    private void endContent() {
        scratch.flip();
        sink.write(scratch);
    }

    private void putMethodFrame(int channel, Method method, int frameMax) {
        int start = scratch.position();
        scratch.put((byte) AmqpConstants.FRAME_METHOD).putShort((short) channel).putInt(0);
        scratch.putShort((short) method.classId()).putShort((short) method.methodId());
        method.encode(scratch);
        int payload = scratch.position() - start - AmqpConstants.FRAME_HEADER_SIZE;
        checkFrameSize(method, payload, frameMax);
        scratch.putInt(start + 3, payload);
        scratch.put(FRAME_END);
    }

    private void putHeaderFrame(int channel, int classId, long bodySize, BasicProperties properties, int frameMax) {
        int start = scratch.position();
        scratch.put((byte) AmqpConstants.FRAME_HEADER).putShort((short) channel).putInt(0);
        scratch.putShort((short) classId).putShort((short) 0).putLong(bodySize);
        ContentHeaderCodec.write(scratch, properties);
        int payload = scratch.position() - start - AmqpConstants.FRAME_HEADER_SIZE;
        checkFrameSize(null, payload, frameMax);
        scratch.putInt(start + 3, payload);
        scratch.put(FRAME_END);
    }

    /** Checks a frame's size; {@code method} is the method of a method frame, {@code null} for a header frame. */
    private static void checkFrameSize(Method method, int payload, int frameMax) {
        if ((long) payload + FRAME_OVERHEAD > frameMax) {
            String what = method == null ? "content header frame" : method.name() + " method frame";
            throw new IllegalArgumentException("The " + what + " is " + (payload + FRAME_OVERHEAD)
                    + " bytes, more than frame_max (" + frameMax + "); make its tables or properties smaller");
        }
    }

    /** Doubles the scratch buffer; a frame that does not fit {@code bound} bytes is too large. */
    private void grow(long bound) {
        int capacity = scratch.capacity();
        long limit = Math.min(bound, MAX_SCRATCH_CAPACITY);
        if (capacity >= limit) {
            throw new IllegalArgumentException(
                    "The frame does not fit " + capacity + " bytes, more than frame_max allows; make it smaller");
        }
        scratch = ByteBuffer.allocate((int) Math.min(limit, 2L * capacity));
    }

    private static void checkChannel(int channel) {
        if ((channel & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("channel must be between 0 and 65535, got " + channel);
        }
    }

    private static int checkFrameMax(String name, int frameMax) {
        if (frameMax < AmqpConstants.FRAME_MIN_SIZE) {
            throw new IllegalArgumentException(name + " must be at least " + AmqpConstants.FRAME_MIN_SIZE
                    + " (AMQP's frame-min-size), got " + frameMax);
        }
        return frameMax;
    }
}
