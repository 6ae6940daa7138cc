package dev.pika.adapters.select;

import dev.pika.ConnectionParameters;
import dev.pika.TcpOptions;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Pika's {@code SelectConnection}: the asynchronous connection driven by a {@link IoLoop} ({@code java.nio}
 * selector). Create it, start its loop, and work from the callbacks:
 *
 * <pre>{@code
 * SelectConnection connection = new SelectConnection(params,
 *         opened -> opened.channel(channel -> channel.basicPublish("", "hello", body)),
 *         (conn, error) -> conn.ioloop().stop(),
 *         (conn, reason) -> conn.ioloop().stop());
 * connection.ioloop().start(); // runs until stopped
 * }</pre>
 *
 * <p>The connection resolves the parameters' host, connects to its first address (TCP, then TLS when {@link
 * ConnectionParameters#sslOptions()} is set) with the parameters' socket options, connect timeout and outbound
 * limits, and runs the AMQP handshake. Failures go to {@code onOpenError}; see {@link Connection} for the rest of the
 * contract.
 *
 * <p>Threading: as {@link Connection}: everything happens on the loop's thread; other threads use {@code
 * ioloop().addCallbackThreadsafe}. The constructor may be called on any thread before the loop first runs, or on the
 * loop's thread; from another thread while the loop runs, the connection starts on the loop's next turn.
 */
public class SelectConnection extends Connection {

    /** The options {@link StreamConnectRequest} has components for. */
    private static final Set<SocketOption<?>> NAMED_SOCKET_OPTIONS = Set.of(
            StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF);

    private final IoLoop loop;
    private final Bridge bridge = new Bridge();
    private IoReference pendingConnect;
    private boolean disconnectRequested;
    private boolean gotEof;

    /**
     * Creates a connection on a new {@link IoLoop}, which the application starts ({@code ioloop().start()}), as in
     * Pika.
     *
     * @param parameters the connection parameters
     * @param onOpen called once the connection is open, or {@code null}
     * @param onOpenError called when it cannot be opened, or {@code null} (the failure is logged)
     * @param onClose called when the open connection closes, or {@code null}
     */
    public SelectConnection(
            ConnectionParameters parameters,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose) {
        this(parameters, onOpen, onOpenError, onClose, null);
    }

    /**
     * Creates a connection on an existing loop (several connections may share one).
     *
     * @param parameters the connection parameters
     * @param onOpen called once the connection is open, or {@code null}
     * @param onOpenError called when it cannot be opened, or {@code null} (the failure is logged)
     * @param onClose called when the open connection closes, or {@code null}
     * @param ioLoop the loop, or {@code null} for a new one
     */
    public SelectConnection(
            ConnectionParameters parameters,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose,
            IoLoop ioLoop) {
        this(parameters, ioLoop == null ? new IoLoop() : ioLoop, onOpen, onOpenError, onClose);
    }

    private SelectConnection(
            ConnectionParameters parameters,
            IoLoop loop,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose) {
        super(parameters, loop, onOpen, onOpenError, onClose);
        this.loop = loop;
        if (loop.isInLoopThread()) {
            startConnecting();
        } else {
            loop.addCallbackThreadsafe(this::startConnecting);
        }
    }

    /**
     * The connection's loop: start it, stop it, hand work to it from other threads. Any thread.
     *
     * @return the loop
     */
    @Override
    public IoLoop ioloop() {
        return loop;
    }

    private void startConnecting() {
        if (disconnectRequested) {
            return;
        }
        ConnectionParameters params = parameters();
        pendingConnect = loop.resolve(params.host(), params.port(), IoCallback.of(this::onResolved, this::onFailed));
    }

    private void onResolved(List<InetSocketAddress> addresses) {
        pendingConnect = loop.connectStream(
                connectRequest(parameters(), addresses.get(0)),
                bridge,
                IoCallback.of(transport -> pendingConnect = null, this::onFailed));
    }

    private void onFailed(Throwable error) {
        pendingConnect = null;
        onStreamTerminated(error);
    }

    /**
     * Maps the parameters to a connect request for {@code address}: the socket options of {@link
     * ConnectionParameters#tcpOptions()} (the named ones, then the keep-alive timings), {@link
     * ConnectionParameters#socketTimeout()} as the connect timeout (TCP and TLS handshake), the outbound watermarks,
     * and, with {@link ConnectionParameters#sslOptions()}, the TLS context, server name (SNI and host name check),
     * host name verification, SNI, protocols and cipher suites.
     */
    static StreamConnectRequest connectRequest(ConnectionParameters params, InetSocketAddress address) {
        TcpOptions tcp = params.tcpOptions();
        StreamConnectRequest.Builder request = StreamConnectRequest.builder(address)
                .connectTimeout(params.socketTimeout().orElse(null))
                .tcpNoDelay(tcp.tcpNoDelay())
                .keepAlive(tcp.keepAlive())
                .sendBufferSize(tcp.sendBufferSize().orElse(0))
                .receiveBufferSize(tcp.receiveBufferSize().orElse(0))
                .writeBufferHighWatermark(params.writeBufferHighWatermark())
                .writeBufferHardLimit(params.writeBufferLimit());
        Map<SocketOption<?>, Object> further = new LinkedHashMap<>(tcp.socketOptions());
        further.keySet().removeAll(NAMED_SOCKET_OPTIONS);
        request.socketOptions(further);
        params.sslOptions()
                .ifPresent(ssl -> request.sslContext(ssl.context())
                        .serverName(ssl.effectiveServerHostname(params.host()))
                        .verifyHostname(ssl.verifyHostname())
                        .serverNameIndication(ssl.serverNameIndication())
                        .tlsProtocols(ssl.protocols())
                        .tlsCipherSuites(ssl.cipherSuites()));
        return request.build();
    }

    /** The engine closed before the stream was up: abort the workflow and report it on the next turn. */
    @Override
    protected void adapterDisconnectStream() {
        disconnectRequested = true;
        if (pendingConnect != null) {
            pendingConnect.cancel();
            pendingConnect = null;
        }
        loop.callLater(Duration.ZERO, () -> onStreamTerminated(null));
    }

    /** Bridges the transport's events to the engine's adapter contract. */
    private final class Bridge implements StreamProtocol {

        @Override
        public void connectionMade(StreamTransport transport) {
            onStreamConnected(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            onDataReceived(data);
        }

        @Override
        public void eofReceived() {
            gotEof = true;
        }

        @Override
        public void connectionLost(Throwable errorOrNull) {
            Throwable cause = errorOrNull;
            if (cause == null && gotEof) {
                cause = new StreamLostException("Transport indicated EOF: the broker closed the connection");
            }
            onStreamTerminated(cause);
        }

        @Override
        public void writeBufferDrained() {
            onWriteBufferDrained();
        }
    }
}
