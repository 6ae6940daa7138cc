package dev.pika.testing.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One frame a {@link ScriptedPeer} received from the client: its type, channel and payload, with readers for the
 * method ids and for the arguments scripts usually check ({@code Connection.Close}'s reply code and text,
 * {@code Basic.Consume}'s consumer tag).
 *
 * <p>Immutable (the payload is copied in and out); safe to share between threads.
 *
 * @param type the frame type octet
 * @param channel the channel number
 * @param payload the payload bytes (without header and end octet)
 */
public record InboundFrame(int type, int channel, byte[] payload) {

    /** Copies the payload. */
    public InboundFrame {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether this is a method frame. */
    public boolean isMethod() {
        return type == AmqpFrames.FRAME_METHOD && payload.length >= 4;
    }

    /** Whether this is the method {@code classId * 1000 + methodId} (see the constants of {@link AmqpFrames}). */
    public boolean isMethod(int classAndMethod) {
        return isMethod() && methodKey() == classAndMethod;
    }

    /** The method's class id, or -1 when this is no method frame. */
    public int classId() {
        return isMethod() ? ByteBuffer.wrap(payload).getShort(0) & 0xFFFF : -1;
    }

    /** The method's method id, or -1 when this is no method frame. */
    public int methodId() {
        return isMethod() ? ByteBuffer.wrap(payload).getShort(2) & 0xFFFF : -1;
    }

    /** {@code classId * 1000 + methodId}, or -1 when this is no method frame. */
    public int methodKey() {
        return isMethod() ? classId() * 1000 + methodId() : -1;
    }

    /** The reply code of a {@code Connection.Close} or {@code Channel.Close}. */
    public int closeReplyCode() {
        requireClose();
        return ByteBuffer.wrap(payload).getShort(4) & 0xFFFF;
    }

    /** The reply text of a {@code Connection.Close} or {@code Channel.Close}. */
    public String closeReplyText() {
        requireClose();
        int length = payload[6] & 0xFF;
        return new String(payload, 7, length, StandardCharsets.UTF_8);
    }

    /** The consumer tag a {@code Basic.Consume} asks for (empty: the server is to choose one). */
    public String consumeTag() {
        if (!isMethod(AmqpFrames.BASIC_CONSUME)) {
            throw new IllegalStateException("Not a Basic.Consume: " + this);
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        in.position(4 + 2); // ids, reserved short
        int queueLength = in.get() & 0xFF;
        in.position(in.position() + queueLength);
        int tagLength = in.get() & 0xFF;
        byte[] tag = new byte[tagLength];
        in.get(tag);
        return new String(tag, StandardCharsets.UTF_8);
    }

    private void requireClose() {
        if (!isMethod(AmqpFrames.CONNECTION_CLOSE) && !isMethod(AmqpFrames.CHANNEL_CLOSE)) {
            throw new IllegalStateException("Not a Connection.Close or Channel.Close: " + this);
        }
    }

    /** Equal when type, channel and payload bytes are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof InboundFrame frame
                && frame.type == type
                && frame.channel == channel
                && Arrays.equals(frame.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + channel) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String what = isMethod() ? "method " + classId() + "." + methodId() : "type " + type;
        return "InboundFrame[" + what + ", channel " + channel + ", " + payload.length + " payload bytes]";
    }
}
