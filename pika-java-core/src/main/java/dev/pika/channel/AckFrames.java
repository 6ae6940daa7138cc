package dev.pika.channel;

import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Basic;

/**
 * Encodes a channel's {@code Basic.Ack}, {@code Basic.Nack} and {@code Basic.Reject} frames straight from their
 * arguments into one reusable array, so acknowledging a delivery allocates nothing (not even the method record).
 * The three methods share one layout: a delivery tag (long long) and one octet of bits. {@code AckFramesTest} checks
 * the bytes against the generated codec.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class AckFrames {

    /** Frame header (7), class and method ids (4), delivery tag (8), bits (1), frame end (1). */
    static final int FRAME_SIZE = 21;

    private static final int PAYLOAD_SIZE = 13;

    private final byte[] frame = new byte[FRAME_SIZE];

    AckFrames(int channelNumber) {
        frame[0] = (byte) AmqpConstants.FRAME_METHOD;
        frame[1] = (byte) (channelNumber >>> 8);
        frame[2] = (byte) channelNumber;
        frame[6] = (byte) PAYLOAD_SIZE;
        frame[7] = (byte) (Basic.CLASS_ID >>> 8);
        frame[8] = (byte) Basic.CLASS_ID;
        frame[FRAME_SIZE - 1] = (byte) AmqpConstants.FRAME_END;
    }

    /** Encodes {@code Basic.Ack}; returns the frame (valid until the next call). */
    byte[] ack(long deliveryTag, boolean multiple) {
        return encode(Basic.Ack.METHOD_ID, deliveryTag, multiple ? 1 : 0);
    }

    /** Encodes {@code Basic.Nack}; returns the frame (valid until the next call). */
    byte[] nack(long deliveryTag, boolean multiple, boolean requeue) {
        return encode(Basic.Nack.METHOD_ID, deliveryTag, (multiple ? 1 : 0) | (requeue ? 2 : 0));
    }

    /** Encodes {@code Basic.Reject}; returns the frame (valid until the next call). */
    byte[] reject(long deliveryTag, boolean requeue) {
        return encode(Basic.Reject.METHOD_ID, deliveryTag, requeue ? 1 : 0);
    }

    private byte[] encode(int methodId, long deliveryTag, int bits) {
        frame[9] = (byte) (methodId >>> 8);
        frame[10] = (byte) methodId;
        for (int i = 0; i < 8; i++) {
            frame[11 + i] = (byte) (deliveryTag >>> (56 - 8 * i));
        }
        frame[19] = (byte) bits;
        return frame;
    }
}
