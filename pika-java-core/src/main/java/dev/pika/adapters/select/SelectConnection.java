package dev.pika.adapters.select;

import dev.pika.ConnectionParameters;
import dev.pika.TcpOptions;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.StreamLostException;
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
import java.util.Objects;
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
 * <p><b>Connecting.</b> The constructors run Pika's connection workflow ({@link AmqpConnectionWorkflow}) for their
 * one parameter set: resolve the host off the loop's thread, try each address it resolved to, {@link
 * ConnectionParameters#connectionAttempts()} times with {@link ConnectionParameters#retryDelay()} between the
 * rounds, each attempt opening TCP within {@link ConnectionParameters#socketTimeout()} (which also bounds the TLS
 * handshake when {@link ConnectionParameters#sslOptions()} is set) and the whole TCP, TLS and AMQP bring-up within
 * {@link ConnectionParameters#stackTimeout()}. The first AMQP handshake is final (Pika): its failure reaches {@code
 * onOpenError} as the engine names it ({@link dev.pika.exceptions.ProbableAuthenticationException}, {@link
 * dev.pika.exceptions.ProbableAccessDeniedException}, ...); when no stream could be opened at all, {@code onOpenError}
 * gets an {@link dev.pika.exceptions.AmqpConnectionWorkflowFailedException} listing every attempt. For failover
 * across several brokers or credentials use {@link #createConnection(List, BiConsumer, IoLoop)}. See {@link
 * Connection} for the rest of the contract.
 *
 * <p><b>Backpressure.</b> Publishes are written to the socket at the end of the loop turn; what the socket does not
 * take waits in the connection's outbound buffer. Above {@link ConnectionParameters#writeBufferHighWatermark()}
 * {@link #isWritable()} turns {@code false}; pause publishing and resume in a callback added with {@link
 * #addOnWriteBufferDrainedCallback}. A publish that would take the buffer above {@link
 * ConnectionParameters#writeBufferLimit()} fails with {@link dev.pika.io.WriteBufferFullException} and sends nothing:
 * memory never grows without bound.
 *
 * <p><b>Threading.</b> As {@link Connection}: everything happens on the loop's thread; other threads hand work in
 * with {@code ioloop().addCallbackThreadsafe} (see {@link #ioloop()}). The constructor may be called on any thread;
 * the connection starts connecting on the loop's next turn.
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
    /** The constructor form's own workflow, while it runs. */
    private AmqpConnectionWorkflow workflow;

    private boolean disconnectRequested;
    private boolean gotEof;
    private StreamTransport transport;
    /** Why {@link #abortOpening} aborted the stream, reported when the transport confirms the loss. */
    private AmqpConnectionException abortReason;

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
        loop.addCallbackThreadsafe(this::startWorkflow);
    }

    private SelectConnection(
            ConnectionParameters parameters,
            IoLoop loop,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose) {
        super(parameters, loop, onOpen, onOpenError, onClose);
        this.loop = loop;
    }

    /** A connection for an external workflow ({@link #createConnection}): it waits for a stream to be linked. */
    private SelectConnection(ConnectionParameters parameters, IoLoop loop) {
        this(parameters, loop, null, null, null);
    }

    /**
     * Connects to the first broker that accepts, with failover (Pika's {@code create_connection}): runs an {@link
     * AmqpConnectionWorkflow} over {@code connectionConfigs} on a new loop, which the application starts through the
     * returned workflow ({@code createConnection(configs, onDone).ioloop().start()}).
     *
     * @param connectionConfigs the parameter sets to try, in order; {@code connectionAttempts} and {@code retryDelay}
     *     of the last one rule the retries
     * @param onDone called once on the loop's thread: with the open connection and {@code null}, or with {@code null}
     *     and an {@link dev.pika.exceptions.AmqpConnectionWorkflowFailedException} listing every attempt (or a {@link
     *     dev.pika.exceptions.ConnectionOpenAbortedException} after {@link AmqpConnectionWorkflow#abort()})
     * @return the running workflow: its loop, and {@link AmqpConnectionWorkflow#abort()}
     * @see #createConnection(List, BiConsumer, IoLoop)
     */
    public static AmqpConnectionWorkflow createConnection(
            List<ConnectionParameters> connectionConfigs,
            BiConsumer<SelectConnection, AmqpConnectionException> onDone) {
        return createConnection(connectionConfigs, onDone, null);
    }

    /**
     * Connects to the first broker that accepts, with failover (Pika's {@code create_connection}). For every
     * parameter set of the list in order, every address its host resolves to is tried (TCP, TLS, AMQP handshake);
     * the first connection that opens is handed to {@code onDone}; when all fail, the list is tried again after
     * {@code retryDelay}, {@code connectionAttempts} times in all. Any failure, also of the AMQP handshake (e.g.
     * refused credentials), moves on to the next address (see {@link AmqpConnectionWorkflow}).
     *
     * <pre>{@code
     * AmqpConnectionWorkflow workflow = SelectConnection.createConnection(
     *         List.of(primary, secondary),
     *         (connection, error) -> {
     *             if (error != null) {
     *                 log.error("no broker reachable", error);   // error.attempts() lists every attempt
     *                 return;
     *             }
     *             connection.addOnCloseCallback((c, reason) -> log.warn("closed: {}", reason));
     *             connection.channel(channel -> ...);
     *         },
     *         loop);
     * }</pre>
     *
     * <p>The connections the workflow creates have no callbacks of the application's until {@code onDone}; add the
     * on-close callback there. May be called from any thread; the workflow starts on the loop's next turn.
     *
     * @param connectionConfigs the parameter sets to try, in order; not empty
     * @param onDone called once on the loop's thread: {@code (connection, null)} on success, {@code (null, error)}
     *     with an {@link dev.pika.exceptions.AmqpConnectionWorkflowFailedException} when every attempt failed, or a
     *     {@link dev.pika.exceptions.ConnectionOpenAbortedException} after {@link AmqpConnectionWorkflow#abort()}
     * @param ioLoop the loop to run on, or {@code null} for a new one (reach it with {@link
     *     AmqpConnectionWorkflow#ioloop()})
     * @return the running workflow, to {@link AmqpConnectionWorkflow#abort() abort} it
     * @throws IllegalArgumentException when {@code connectionConfigs} is empty
     * @throws IllegalStateException when the loop is closed
     */
    public static AmqpConnectionWorkflow createConnection(
            List<ConnectionParameters> connectionConfigs,
            BiConsumer<SelectConnection, AmqpConnectionException> onDone,
            IoLoop ioLoop) {
        Objects.requireNonNull(onDone, "onDone must not be null: it receives the connection or the failure");
        IoLoop loop = ioLoop == null ? new IoLoop() : ioLoop;
        AmqpConnectionWorkflow workflow = new AmqpConnectionWorkflow(
                loop, connectionConfigs, params -> new SelectConnection(params, loop), false, onDone);
        workflow.start();
        return workflow;
    }

    /**
     * The connection's loop: start it, stop it, and hand work to it from other threads. Any thread.
     *
     * <p>Everything a connection and its channels do happens on this loop's thread. Another thread (a worker that
     * processed a delivery, a scheduler, a web request) hands work in with {@link IoLoop#addCallbackThreadsafe}: it
     * is lock-free, and a batch of requests wakes the loop at most once. On the loop's thread, {@link
     * IoLoop#callLater} schedules a timer (it returns a handle to cancel it):
     *
     * <pre>{@code
     * // on a worker thread, after processing a message delivered on the loop:
     * connection.ioloop().addCallbackThreadsafe(() -> channel.basicAck(deliveryTag));
     *
     * // on the loop's thread (in a callback): publish every second until the channel closes
     * Runnable tick = new Runnable() {
     *     public void run() {
     *         if (channel.isOpen()) {
     *             channel.basicPublish("", "heartbeat", new byte[0]);
     *             connection.ioloop().callLater(Duration.ofSeconds(1), this);
     *         }
     *     }
     * };
     * connection.ioloop().callLater(Duration.ofSeconds(1), tick);
     * }</pre>
     *
     * <p>Calling a connection or channel method directly from another thread fails with {@link
     * IllegalStateException}; {@code addCallbackThreadsafe} is the door in.
     *
     * @return the loop
     */
    @Override
    public IoLoop ioloop() {
        return loop;
    }

    private void startWorkflow() {
        if (disconnectRequested || isClosed()) {
            return;
        }
        workflow = new AmqpConnectionWorkflow(loop, List.of(parameters()), params -> this, true, this::onWorkflowDone);
        workflow.start();
    }

    /** Pika's {@code _on_connection_workflow_done} for the constructor form. */
    private void onWorkflowDone(SelectConnection connection, AmqpConnectionException error) {
        workflow = null;
        if (error == null || isClosed()) {
            // open; or the AMQP handshake failed and the engine reported it already
            return;
        }
        onStreamTerminated(disconnectRequested ? null : error);
    }

    /** The constructor form's workflow while it runs, else {@code null} (loop thread; a test hook). */
    AmqpConnectionWorkflow connectionWorkflow() {
        return workflow;
    }

    /** The stream protocol that feeds this connection's engine (linked by {@link AmqpConnector}). */
    StreamProtocol streamProtocol() {
        return bridge;
    }

    /**
     * Aborts the stream of a connection in its AMQP handshake and has the engine report {@code reason} (the
     * connector's stack timeout or abort). Does nothing without a transport.
     */
    void abortOpening(AmqpConnectionException reason) {
        StreamTransport current = transport;
        if (current == null || isClosed()) {
            return;
        }
        if (abortReason == null) {
            abortReason = reason;
        }
        current.abort();
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

    /** The engine closed before the stream was up: abort the workflow, which then reports (Pika). */
    @Override
    protected void adapterDisconnectStream() {
        disconnectRequested = true;
        AmqpConnectionWorkflow running = workflow;
        if (running != null && running.abort()) {
            return; // onWorkflowDone follows
        }
        loop.callLater(Duration.ZERO, () -> onStreamTerminated(null));
    }

    /** Bridges the transport's events to the engine's adapter contract. */
    private final class Bridge implements StreamProtocol {

        @Override
        public void connectionMade(StreamTransport streamTransport) {
            transport = streamTransport;
            onStreamConnected(streamTransport);
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
            transport = null;
            Throwable cause = errorOrNull;
            if (cause == null && abortReason != null) {
                cause = abortReason;
            } else if (cause == null && gotEof) {
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
