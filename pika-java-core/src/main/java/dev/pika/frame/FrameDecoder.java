package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.exceptions.UnexpectedFrameException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import dev.pika.spec.MethodCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Turns the bytes a peer sends into frames, incrementally: bytes may arrive split at any point, and every call to
 * {@link #decode(ByteBuffer)} consumes all of its input, keeping what it needs of an incomplete frame.
 *
 * <p>Method and content-header frames that are complete in a heap input buffer are decoded in place; a frame split
 * across reads (or read from a direct buffer) is staged in one reusable buffer that never exceeds the maximum frame
 * size. Body frames are never staged: their bytes go to {@link FrameHandler#onContentBody} as they arrive, so the only
 * copy of a body is the one into its final array. A frame larger than the maximum frame size is rejected from its
 * header, before anything of it is buffered.
 *
 * <p>Errors are {@link ProtocolSyntaxException}s carrying the reply code to close the connection with: an unknown
 * frame type, a missing frame-end octet, an oversized frame or a malformed payload ({@link InvalidFrameException},
 * 501), an unknown field type (502), an unknown method (540), a content header for a class without content (505).
 * After any exception (including one thrown by the handler) the decoder is failed: further calls throw
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe: owned by the connection's I/O thread.
 */
public final class FrameDecoder {

    private static final int STATE_HEADER = 0;
    private static final int STATE_STAGING = 1;
    private static final int STATE_BODY = 2;
    private static final int STATE_BODY_END = 3;
    private static final int STATE_FAILED = 4;

    private static final int FRAME_OVERHEAD = AmqpConstants.FRAME_HEADER_SIZE + AmqpConstants.FRAME_END_SIZE;
    private static final int PROTOCOL_HEADER_SIZE = 8;
    private static final int MIN_STAGING_CAPACITY = 512;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final FrameHandler handler;
    private final ContentHeaderCodec headerCodec = new ContentHeaderCodec();
    private final byte[] header = new byte[PROTOCOL_HEADER_SIZE];

    private int maxFrameSize;
    private int state = STATE_HEADER;
    private int headerFill;
    private int frameType;
    private int channel;
    private int payloadSize;
    private int bodyRemaining;
    private ByteBuffer staging;
    private RuntimeException failure;

    // What the last decoded payload held, delivered once the input buffer is restored.
    private Method decodedMethod;
    private int decodedClassId;
    private long decodedBodySize;
    private BasicProperties decodedProperties;

    /**
     * Creates a decoder.
     *
     * @param handler receives the frames
     * @param maxFrameSize the largest frame accepted, header and end octet included: the negotiated
     *     {@code frame_max}, or before tuning a bound of the client's choice; at least
     *     {@value dev.pika.spec.AmqpConstants#FRAME_MIN_SIZE}
     * @throws IllegalArgumentException when {@code maxFrameSize} is below 4096
     */
    public FrameDecoder(FrameHandler handler, int maxFrameSize) {
        if (handler == null) {
            throw new NullPointerException("handler must not be null");
        }
        this.handler = handler;
        this.maxFrameSize = checkMaxFrameSize(maxFrameSize);
    }

    /**
     * Changes the largest frame accepted, after {@code Connection.Tune}: the negotiated {@code frame_max}. A frame
     * already being staged completes under the previous limit.
     *
     * @param maxFrameSize the largest frame, header and end octet included; at least 4096
     * @throws IllegalArgumentException when {@code maxFrameSize} is below 4096
     */
    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = checkMaxFrameSize(maxFrameSize);
        if (staging != null && staging.capacity() > maxFrameSize && state != STATE_STAGING) {
            staging = null;
        }
    }

    /**
     * The largest frame accepted.
     *
     * @return the limit in bytes, header and end octet included
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Decodes every byte of {@code input}, calling the handler for each complete frame (and each body fragment).
     *
     * @param input the bytes received, from its position to its limit; its position ends at its limit. Its limit is
     *     changed during the call and restored.
     * @throws ProtocolSyntaxException when the peer broke the protocol; the decoder is then failed
     * @throws IllegalStateException when the decoder failed earlier
     */
    public void decode(ByteBuffer input) {
        if (state == STATE_FAILED) {
            throw new IllegalStateException(
                    "The frame decoder failed earlier (" + failure + "); close the connection", failure);
        }
        try {
            while (input.hasRemaining()) {
                switch (state) {
                    case STATE_HEADER -> readHeader(input);
                    case STATE_STAGING -> readStaged(input);
                    case STATE_BODY -> readBody(input);
                    default -> readBodyEnd(input);
                }
            }
        } catch (RuntimeException e) {
            state = STATE_FAILED;
            failure = e;
            throw e;
        }
    }

    private void readHeader(ByteBuffer input) {
        int position = input.position();
        int available = input.limit() - position;
        if (headerFill == 0 && available >= AmqpConstants.FRAME_HEADER_SIZE) {
            int type = input.get(position) & 0xFF;
            if (type != 'A') {
                int frameChannel = input.getShort(position + 1) & 0xFFFF;
                long size = input.getInt(position + 3) & 0xFFFF_FFFFL;
                input.position(position + AmqpConstants.FRAME_HEADER_SIZE);
                beginFrame(type, frameChannel, size, input);
                return;
            }
        }
        header[headerFill++] = input.get();
        int needed = header[0] == 'A' ? PROTOCOL_HEADER_SIZE : AmqpConstants.FRAME_HEADER_SIZE;
        while (headerFill < needed && input.hasRemaining()) {
            header[headerFill++] = input.get();
        }
        if (headerFill < needed) {
            return;
        }
        headerFill = 0;
        if (needed == PROTOCOL_HEADER_SIZE) {
            if (header[1] != 'M' || header[2] != 'Q' || header[3] != 'P') {
                throw InvalidFrameException.unknownFrameType('A');
            }
            handler.onProtocolHeader(header[5] & 0xFF, header[6] & 0xFF, header[7] & 0xFF);
            return;
        }
        int frameChannel = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
        long size = ((long) (header[3] & 0xFF) << 24)
                | ((header[4] & 0xFF) << 16)
                | ((header[5] & 0xFF) << 8)
                | (header[6] & 0xFF);
        beginFrame(header[0] & 0xFF, frameChannel, size, input);
    }

    private void beginFrame(int type, int frameChannel, long size, ByteBuffer input) {
        if (type != AmqpConstants.FRAME_METHOD
                && type != AmqpConstants.FRAME_HEADER
                && type != AmqpConstants.FRAME_BODY
                && type != AmqpConstants.FRAME_HEARTBEAT) {
            throw InvalidFrameException.unknownFrameType(type);
        }
        if (size > maxFrameSize - FRAME_OVERHEAD) {
            throw InvalidFrameException.tooLarge(size + FRAME_OVERHEAD, maxFrameSize);
        }
        frameType = type;
        channel = frameChannel;
        payloadSize = (int) size;
        if (type == AmqpConstants.FRAME_BODY) {
            bodyRemaining = payloadSize;
            if (payloadSize == 0) {
                state = STATE_BODY_END;
                handler.onContentBody(frameChannel, EMPTY);
            } else {
                state = STATE_BODY;
            }
            return;
        }
        int position = input.position();
        if (input.hasArray() && input.limit() - position > payloadSize) {
            int end = position + payloadSize;
            checkFrameEnd(input.get(end));
            int limit = input.limit();
            input.limit(end);
            try {
                decodePayload(input);
            } finally {
                input.limit(limit);
            }
            input.position(end + 1);
            deliverDecoded();
            return;
        }
        ensureStaging(payloadSize + 1);
        staging.clear().limit(payloadSize + 1);
        state = STATE_STAGING;
    }

    private void readStaged(ByteBuffer input) {
        int count = Math.min(staging.remaining(), input.remaining());
        int limit = input.limit();
        input.limit(input.position() + count);
        staging.put(input);
        input.limit(limit);
        if (staging.hasRemaining()) {
            return;
        }
        checkFrameEnd(staging.get(payloadSize));
        staging.position(0).limit(payloadSize);
        state = STATE_HEADER;
        decodePayload(staging);
        deliverDecoded();
    }

    private void readBody(ByteBuffer input) {
        int start = input.position();
        int count = Math.min(bodyRemaining, input.limit() - start);
        bodyRemaining -= count;
        if (bodyRemaining == 0) {
            state = STATE_BODY_END;
        }
        int limit = input.limit();
        input.limit(start + count);
        try {
            handler.onContentBody(channel, input);
        } finally {
            input.limit(limit);
            input.position(start + count);
        }
    }

    private void readBodyEnd(ByteBuffer input) {
        checkFrameEnd(input.get());
        state = STATE_HEADER;
    }

    private static void checkFrameEnd(byte octet) {
        if ((octet & 0xFF) != AmqpConstants.FRAME_END) {
            throw InvalidFrameException.missingFrameEnd(octet & 0xFF);
        }
    }

    /** Decodes a method or header payload (position to limit) into the decoded fields. */
    private void decodePayload(ByteBuffer payload) {
        try {
            if (frameType == AmqpConstants.FRAME_METHOD) {
                int classId = payload.getShort() & 0xFFFF;
                int methodId = payload.getShort() & 0xFFFF;
                decodedMethod = MethodCodec.decode(classId, methodId, payload);
            } else if (frameType == AmqpConstants.FRAME_HEADER) {
                int classId = payload.getShort() & 0xFFFF;
                payload.getShort(); // weight, always 0
                long bodySize = payload.getLong();
                if (classId != Basic.CLASS_ID) {
                    throw UnexpectedFrameException.of(
                            channel, "a content header for class " + classId, "content of class 60 (basic) only");
                }
                if (bodySize < 0) {
                    throw new InvalidFrameException(
                            "Content header announces a body size of " + Long.toUnsignedString(bodySize) + " bytes");
                }
                decodedClassId = classId;
                decodedBodySize = bodySize;
                decodedProperties = headerCodec.read(payload);
            }
        } catch (BufferUnderflowException e) {
            throw InvalidFrameException.truncated(
                    frameType == AmqpConstants.FRAME_METHOD ? "method frame" : "content header frame");
        }
    }

    private void deliverDecoded() {
        if (frameType == AmqpConstants.FRAME_METHOD) {
            Method method = decodedMethod;
            decodedMethod = null;
            handler.onMethod(channel, method);
        } else if (frameType == AmqpConstants.FRAME_HEADER) {
            BasicProperties properties = decodedProperties;
            decodedProperties = null;
            handler.onContentHeader(channel, decodedClassId, decodedBodySize, properties);
        } else {
            handler.onHeartbeat(channel);
        }
    }

    private void ensureStaging(int needed) {
        if (staging != null && staging.capacity() >= needed) {
            return;
        }
        int current = staging == null ? 0 : staging.capacity();
        int capacity = Math.max(needed, Math.max(MIN_STAGING_CAPACITY, current * 2));
        staging = ByteBuffer.allocate(Math.min(capacity, Math.max(needed, maxFrameSize)));
    }

    private static int checkMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize < AmqpConstants.FRAME_MIN_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + AmqpConstants.FRAME_MIN_SIZE
                    + " (AMQP's frame-min-size), got " + maxFrameSize + "; pass the negotiated frame_max");
        }
        return maxFrameSize;
    }
}
