package dev.pika.connection;

import dev.pika.ConnectionParameters;
import dev.pika.Credentials;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.ProtocolVersionMismatchException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Connection.Open;
import dev.pika.spec.Connection.Start;
import dev.pika.spec.Connection.StartOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client side of the AMQP handshake, as Pika's {@code _on_connection_start} and {@code _on_connection_tune}:
 * checks the broker's protocol version, picks the credentials' SASL mechanism, keeps the server properties and
 * capabilities, and negotiates {@code channel_max}, {@code frame_max} and the heartbeat timeout.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class Handshake {

    private final ConnectionParameters params;

    private Map<String, Object> serverProperties = Map.of();
    private Map<String, Object> capabilities = Map.of();
    private int channelMax;
    private int frameMax;
    private int heartbeatSeconds;

    Handshake(ConnectionParameters params) {
        this.params = params;
    }

    /**
     * {@code Connection.Start}: returns the {@code Connection.StartOk} to send, and erases the credentials when they
     * ask for it.
     *
     * @throws IncompatibleProtocolException when the broker speaks another version than 0-9
     * @throws AuthenticationException when the broker does not offer the credentials' mechanism
     */
    StartOk onStart(Start start) {
        if (start.versionMajor() != 0 || start.versionMinor() != 9) {
            ProtocolVersionMismatchException mismatch =
                    new ProtocolVersionMismatchException("0-9-1", start.versionMajor() + "-" + start.versionMinor());
            throw new IncompatibleProtocolException(
                    "The broker announced AMQP " + start.versionMajor() + "-" + start.versionMinor()
                            + " in Connection.Start; this client speaks AMQP 0-9-1",
                    mismatch);
        }
        serverProperties = start.serverProperties();
        capabilities = table(serverProperties.get("capabilities"));
        Credentials credentials = params.credentials();
        if (!credentials.supportedBy(start.mechanisms())) {
            throw AuthenticationException.mechanismNotOffered(credentials.mechanism(), start.mechanisms());
        }
        byte[] response;
        try {
            response = credentials.response();
        } catch (IllegalStateException e) {
            throw new AuthenticationException(credentials.mechanism(), e.getMessage());
        }
        StartOk startOk = new StartOk(
                params.startOkClientProperties(),
                credentials.mechanism(),
                new String(response, StandardCharsets.UTF_8),
                params.locale());
        credentials.eraseCredentials();
        return startOk;
    }

    /**
     * {@code Connection.Tune}: negotiates the limits and returns the {@code Connection.TuneOk} to send.
     *
     * @throws IncompatibleProtocolException when the broker's {@code frame_max} is below the protocol's minimum
     * @throws ConnectionOpenAbortedException when the heartbeat negotiator fails
     */
    TuneOk onTune(Tune tune) {
        long negotiatedFrameMax = Negotiation.negotiate(params.frameMax(), tune.frameMax());
        if (negotiatedFrameMax < AmqpConstants.FRAME_MIN_SIZE) {
            throw new IncompatibleProtocolException("The broker proposed frame_max " + tune.frameMax()
                    + " in Connection.Tune, below AMQP's minimum of " + AmqpConstants.FRAME_MIN_SIZE);
        }
        long negotiatedChannelMax = Negotiation.negotiate(params.channelMax(), tune.channelMax());
        int heartbeat;
        try {
            heartbeat = params.negotiateHeartbeat(tune.heartbeat());
        } catch (RuntimeException e) {
            throw new ConnectionOpenAbortedException(
                    "Heartbeat negotiation failed for the broker's proposal of " + tune.heartbeat() + " s: "
                            + e.getMessage(),
                    e);
        }
        channelMax = negotiatedChannelMax == 0 ? ConnectionParameters.MAX_CHANNELS : (int) negotiatedChannelMax;
        frameMax = (int) Math.min(negotiatedFrameMax, Integer.MAX_VALUE);
        heartbeatSeconds = heartbeat;
        return new TuneOk(channelMax, frameMax, heartbeatSeconds);
    }

    /** A decoded field table (string keys, unmodifiable, as the codec produces), or the empty table. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    /** The {@code Connection.Open} for the configured virtual host (Pika sets {@code insist}). */
    Open open() {
        return new Open(params.virtualHost(), "", true);
    }

    Map<String, Object> serverProperties() {
        return serverProperties;
    }

    Map<String, Object> capabilities() {
        return capabilities;
    }

    boolean capability(String name) {
        return Boolean.TRUE.equals(capabilities.get(name));
    }

    /**
     * Whether the broker supports publisher confirms with {@code Basic.Nack}: RabbitMQ's {@code publisher_confirms}
     * and {@code basic.nack} capabilities (Pika's rule), or Apache Qpid Broker-J's {@code
     * qpid.confirmed_publish_supported} server property, the string {@code "true"} (Qpid sends no capabilities table,
     * yet confirms and nacks).
     */
    boolean publisherConfirmsSupported() {
        return (capability("publisher_confirms") && capability("basic.nack"))
                || "true".equals(String.valueOf(serverProperties.get("qpid.confirmed_publish_supported")));
    }

    int channelMax() {
        return channelMax;
    }

    int frameMax() {
        return frameMax;
    }

    int heartbeatSeconds() {
        return heartbeatSeconds;
    }
}
