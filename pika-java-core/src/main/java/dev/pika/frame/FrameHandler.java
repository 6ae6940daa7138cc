package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;

/**
 * Receives what a {@link FrameDecoder} decodes, in wire order, on the thread that calls
 * {@link FrameDecoder#decode(ByteBuffer)}.
 *
 * <p>An exception thrown by a callback propagates out of {@code decode} and leaves the decoder failed (the connection
 * must then be closed). Implementations are called from one thread at a time and need not be thread-safe.
 */
public interface FrameHandler {

    /**
     * A method frame.
     *
     * @param channel the channel number (0 for the connection)
     * @param method the decoded method
     */
    void onMethod(int channel, Method method);

    /**
     * A content header frame.
     *
     * @param channel the channel number
     * @param classId the content's class id (60, {@code basic})
     * @param bodySize the body size the header announces, in bytes (never negative)
     * @param properties the decoded properties ({@link BasicProperties#EMPTY} when none are set)
     */
    void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties);

    /**
     * Bytes of a content body frame, as they arrive: one body frame may be delivered in several fragments when it
     * spans reads, and an empty body frame as one empty fragment.
     *
     * @param channel the channel number
     * @param fragment the bytes, from its position to its limit; valid only during the call (copy what you keep)
     */
    void onContentBody(int channel, ByteBuffer fragment);

    /**
     * A heartbeat frame.
     *
     * @param channel the channel number the frame carried (0 when the peer follows the specification)
     */
    void onHeartbeat(int channel);

    /**
     * The peer sent an AMQP protocol header ({@code "AMQP"} and four octets): a server does so when it refuses the
     * client's protocol version, announcing the one it speaks.
     *
     * @param major the announced major version
     * @param minor the announced minor version
     * @param revision the announced revision
     */
    void onProtocolHeader(int major, int minor, int revision);
}
