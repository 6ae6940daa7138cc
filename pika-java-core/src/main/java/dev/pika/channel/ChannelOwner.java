package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.MetricsCollector;
import dev.pika.io.IoServices;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;

/**
 * What a channel needs from the connection that owns it: the engine-internal seam between {@code
 * dev.pika.connection} and {@code dev.pika.channel}. The connection implements it (privately) and drives each channel
 * through a {@link ChannelEndpoint}; applications neither implement nor call it.
 *
 * <p>Threading: every method is called on the connection's I/O loop thread.
 */
public interface ChannelOwner {

    /**
     * The loop that owns the connection and its channels.
     *
     * @return the connection's I/O services
     */
    IoServices ioServices();

    /**
     * The connection's name, for metrics and messages.
     *
     * @return the name given to the {@link MetricsCollector}
     */
    String connectionName();

    /**
     * The connection's instrumentation hooks, already guarded: they never throw.
     *
     * @return the collector to call
     */
    MetricsCollector metrics();

    /**
     * The negotiated {@code frame_max}.
     *
     * @return the largest frame in bytes
     */
    int frameMax();

    /**
     * The largest message body the connection accepts from the broker.
     *
     * @return the limit in bytes
     */
    int maxInboundMessageBodySize();

    /**
     * Whether the broker supports publisher confirms and {@code Basic.Nack} (both are needed for confirm mode).
     *
     * @return {@code true} when {@code Confirm.Select} may be used
     */
    boolean publisherConfirmsSupported();

    /**
     * Sends a method frame without content.
     *
     * @param channelNumber the channel
     * @param method the method
     * @throws dev.pika.io.WriteBufferFullException when the outbound buffer is full (nothing was written)
     */
    void sendMethod(int channelNumber, Method method);

    /**
     * Sends a content-bearing method with its header and body frames; either all of it is buffered or nothing.
     *
     * @param channelNumber the channel
     * @param method the method ({@code Basic.Publish})
     * @param properties the message properties
     * @param body the array holding the body (not copied by the caller; the transport copies it)
     * @param offset where the body starts
     * @param length the body length
     * @throws dev.pika.io.WriteBufferFullException when the frames would take the outbound buffer above its limit
     *     (nothing was written)
     */
    void sendContent(int channelNumber, Method method, BasicProperties properties, byte[] body, int offset, int length);

    /**
     * Sends a content-bearing method with its header and the body frames of {@code body}'s remaining bytes; either
     * all of it is buffered or nothing. {@code body}'s position is not changed. With {@code retainBody} the transport
     * may send a large direct body in place, so the caller leaves its bytes unchanged until they were sent (in
     * practice: until the broker confirmed the message, or the connection closed).
     *
     * @param channelNumber the channel
     * @param method the method ({@code Basic.Publish})
     * @param properties the message properties
     * @param body the body, from its position to its limit
     * @param retainBody whether the transport may keep references to the body's bytes until it sent them
     * @throws dev.pika.io.WriteBufferFullException when the frames would take the outbound buffer above its limit
     *     (nothing was written)
     */
    void sendContent(int channelNumber, Method method, BasicProperties properties, ByteBuffer body, boolean retainBody);

    /**
     * Sends one complete, already encoded frame (the channel's pre-encoded acknowledgements).
     *
     * @param frame the array holding the frame
     * @param offset where it starts
     * @param length its length, header and end octet included
     * @throws dev.pika.io.WriteBufferFullException when the outbound buffer is full (nothing was written)
     */
    void sendFrame(byte[] frame, int offset, int length);

    /**
     * The channel has closed and its close callbacks have run: the connection releases its number.
     *
     * @param endpoint the closed channel's endpoint
     */
    void channelClosed(ChannelEndpoint endpoint);
}
