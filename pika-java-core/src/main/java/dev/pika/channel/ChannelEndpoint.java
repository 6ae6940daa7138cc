package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The connection's handle on one of its channels: how the engine creates a {@link Channel}, feeds it the frames of
 * its channel number and tells it about connection-level events. Pika's connection calls the private methods of its
 * channels; this class is that seam, public only because the connection lives in another package. Applications use
 * {@link Channel}, never this.
 *
 * <p>Threading: every method is called on the connection's I/O loop thread.
 */
public final class ChannelEndpoint {

    private final ChannelEngine engine;

    ChannelEndpoint(ChannelEngine engine) {
        this.engine = engine;
    }

    /**
     * Creates a channel (in state {@link ChannelState#CLOSED}; {@link #open()} sends {@code Channel.Open}).
     *
     * @param owner the connection
     * @param channelNumber the channel number, 1 to the negotiated {@code channel_max}
     * @param onOpen called with the channel once it is open, or {@code null}
     * @return the new channel's endpoint
     */
    public static ChannelEndpoint create(ChannelOwner owner, int channelNumber, Consumer<Channel> onOpen) {
        Objects.requireNonNull(owner, "owner");
        if (channelNumber < 1 || channelNumber > 0xFFFF) {
            throw new IllegalArgumentException("channelNumber must be between 1 and 65535, got " + channelNumber);
        }
        return new ChannelEngine(owner, channelNumber, onOpen).endpoint;
    }

    /**
     * The application's view of the channel.
     *
     * @return the channel
     */
    public Channel channel() {
        return engine.channel;
    }

    /**
     * The channel number.
     *
     * @return the number
     */
    public int channelNumber() {
        return engine.number;
    }

    /**
     * The channel's state.
     *
     * @return the current state
     */
    public ChannelState state() {
        return engine.state();
    }

    /** Sends {@code Channel.Open}; the channel is {@link ChannelState#OPENING} until {@code Channel.OpenOk}. */
    public void open() {
        engine.open();
    }

    /**
     * A method frame arrived on this channel.
     *
     * @param method the method
     * @throws ProtocolSyntaxException when the broker broke the protocol; close the connection with its reply code
     */
    public void onMethod(Method method) {
        engine.onMethod(method);
    }

    /**
     * A content header frame arrived on this channel.
     *
     * @param classId the content class
     * @param bodySize the announced body size
     * @param properties the message properties
     * @throws ProtocolSyntaxException when no header was expected or the body is too large
     */
    public void onContentHeader(int classId, long bodySize, BasicProperties properties) {
        engine.onContentHeader(classId, bodySize, properties);
    }

    /**
     * Body bytes arrived on this channel.
     *
     * @param fragment the bytes, valid only during the call
     * @throws ProtocolSyntaxException when no body was expected or it is longer than announced
     */
    public void onContentBody(ByteBuffer fragment) {
        engine.onContentBody(fragment);
    }

    /**
     * The connection is closing gracefully: an opening or open channel starts its close handshake (Pika's {@code
     * Connection._close_channels}); a closing or closed one is left alone.
     *
     * @param replyCode the reply code for {@code Channel.Close}
     * @param replyText the reply text for {@code Channel.Close}
     */
    public void closeWithConnection(int replyCode, String replyText) {
        engine.closeWithConnection(replyCode, replyText);
    }

    /**
     * The connection is gone (or broke the protocol): the channel closes at once, without a handshake, failing what
     * is pending with {@code reason} and calling its close callbacks with it (Pika's {@code _on_close_meta}).
     *
     * @param reason why
     */
    public void closeWithoutHandshake(AmqpException reason) {
        engine.closeWithoutHandshake(reason);
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
