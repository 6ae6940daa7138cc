package dev.pika.connection;

import dev.pika.BasicProperties;
import dev.pika.channel.ChannelEndpoint;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.exceptions.UnexpectedFrameException;
import dev.pika.frame.FrameHandler;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;

/**
 * Routes the frames the decoder produces: channel 0 to the connection, the others to their channel's endpoint (one
 * array read). It never lets a protocol violation escape into the decoder: a {@link ProtocolSyntaxException} from a
 * channel or from the connection is handed to the connection, which closes with its reply code, and the decoder
 * stays usable so that the broker's {@code Connection.CloseOk} can still be read.
 *
 * <p>Frames are discarded once the connection is being torn down, and channel frames once the client has sent
 * {@code Connection.Close} (AMQP: after sending Close, a peer discards everything but Close and CloseOk). A frame for a
 * channel that is not open closes the connection with 504 ({@code CHANNEL_ERROR}); content frames on channel 0 with
 * 505; a heartbeat on another channel than 0 with 501.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class InboundDispatcher implements FrameHandler {

    private final ConnectionEngine connection;
    private final ChannelRegistry channels;

    InboundDispatcher(ConnectionEngine connection, ChannelRegistry channels) {
        this.connection = connection;
        this.channels = channels;
    }

    @Override
    public void onMethod(int channel, Method method) {
        if (connection.discardsInbound()) {
            return;
        }
        try {
            if (channel == 0) {
                connection.onConnectionMethod(method);
            } else {
                ChannelEndpoint endpoint = endpoint(channel, method.name());
                if (endpoint != null) {
                    endpoint.onMethod(method);
                }
            }
        } catch (ProtocolSyntaxException e) {
            connection.onProtocolError(e, method.classId(), method.methodId());
        } catch (WriteBufferFullException e) {
            connection.onOutboundOverflow(e);
        }
    }

    @Override
    public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
        if (connection.discardsInbound()) {
            return;
        }
        try {
            if (channel == 0) {
                throw UnexpectedFrameException.of(
                        0, "a content header", "a method frame (channel 0 carries no content)");
            }
            ChannelEndpoint endpoint = endpoint(channel, "a content header");
            if (endpoint != null) {
                endpoint.onContentHeader(classId, bodySize, properties);
            }
        } catch (ProtocolSyntaxException e) {
            connection.onProtocolError(e, 0, 0);
        } catch (WriteBufferFullException e) {
            connection.onOutboundOverflow(e);
        }
    }

    @Override
    public void onContentBody(int channel, ByteBuffer fragment) {
        if (connection.discardsInbound()) {
            return;
        }
        try {
            if (channel == 0) {
                throw UnexpectedFrameException.of(0, "a content body", "a method frame (channel 0 carries no content)");
            }
            ChannelEndpoint endpoint = endpoint(channel, "a content body");
            if (endpoint != null) {
                endpoint.onContentBody(fragment);
            }
        } catch (ProtocolSyntaxException e) {
            connection.onProtocolError(e, 0, 0);
        } catch (WriteBufferFullException e) {
            connection.onOutboundOverflow(e);
        }
    }

    @Override
    public void onHeartbeat(int channel) {
        if (channel != 0 && !connection.discardsInbound()) {
            connection.onProtocolError(
                    new InvalidFrameException(
                            "Heartbeat frame on channel " + channel + "; heartbeat frames belong to channel 0"),
                    0,
                    0);
        }
    }

    @Override
    public void onProtocolHeader(int major, int minor, int revision) {
        if (!connection.discardsInbound()) {
            connection.onProtocolHeaderReceived(major, minor, revision);
        }
    }

    /** The endpoint of an open channel; {@code null} when the frame is to be discarded. */
    private ChannelEndpoint endpoint(int channel, String what) {
        if (connection.discardsChannelFrames()) {
            return null;
        }
        if (!connection.isOpenForChannels()) {
            throw UnexpectedFrameException.of(
                    channel, what, "the connection handshake on channel 0 (no channel is open yet)");
        }
        ChannelEndpoint endpoint = channels.get(channel);
        if (endpoint == null) {
            throw new ProtocolSyntaxException(
                    AmqpConstants.CHANNEL_ERROR,
                    "Received " + what + " on channel " + channel + ", which is not open on this connection");
        }
        return endpoint;
    }
}
