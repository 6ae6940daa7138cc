package dev.pika.connection;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.channel.Channel;
import dev.pika.channel.ChannelEndpoint;
import dev.pika.channel.ChannelOwner;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.exceptions.ProtocolVersionMismatchException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.frame.FrameDecoder;
import dev.pika.internal.EngineLogger;
import dev.pika.io.IoServices;
import dev.pika.io.StreamTransport;
import dev.pika.io.TimerReference;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Connection.Blocked;
import dev.pika.spec.Connection.Close;
import dev.pika.spec.Connection.CloseOk;
import dev.pika.spec.Connection.OpenOk;
import dev.pika.spec.Connection.Secure;
import dev.pika.spec.Connection.Start;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import dev.pika.spec.Connection.Unblocked;
import dev.pika.spec.Connection.UpdateSecret;
import dev.pika.spec.Connection.UpdateSecretOk;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The state machine behind a {@link Connection}: Pika's {@code connection.py} without its public face. It runs the
 * handshake, dispatches channel 0's methods, opens channels, closes (client, broker, protocol errors, close timeout),
 * and tears everything down when the stream ends, mapping the failure to Pika's exceptions. The pieces it drives are
 * {@link Handshake}, {@link HeartbeatChecker}, {@link BlockedState}, {@link ChannelRegistry}, {@link
 * InboundDispatcher} and {@link OutboundFrames}.
 *
 * <p>Termination: {@link #terminate} records why the connection ends and brings the stream down (gracefully after a
 * close handshake, else aborted); the adapter then reports the stream's end ({@link #onStreamTerminated}), and only
 * then does the connection close its channels and call the application. A stream that ends on its own is reported
 * the same way.
 *
 * <p>Not thread-safe: the connection's I/O thread only ({@link Connection} checks the thread). {@link #state} is
 * volatile so that other threads may read it.
 */
final class ConnectionEngine {

    private static final EngineLogger LOG = EngineLogger.get(Connection.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Connection connection;
    private final ConnectionParameters params;
    private final IoServices io;
    private final String name;
    private final MetricsCollector metrics;
    private final ConnectionCallbacks callbacks = new ConnectionCallbacks();
    private final OpeningFailures failures;
    private final Handshake handshake;
    private final ChannelRegistry channels = new ChannelRegistry();
    private final OutboundFrames out;
    private final FrameDecoder decoder;
    private final BlockedState blocked;
    private final Owner owner = new Owner();
    private final ArrayDeque<SecretUpdate> secretUpdates = new ArrayDeque<>(1);

    private volatile ConnectionState state = ConnectionState.INIT;
    private boolean opened;
    private boolean terminating;
    private boolean closeSent;
    private boolean decoderFailed;
    private AmqpConnectionException pendingError;
    private Close pendingClose;
    private TimerReference closeTimer;
    private HeartbeatChecker heartbeat;
    private StreamTransport transport;

    /** An {@code updateSecret} waiting for {@code Connection.UpdateSecretOk}. */
    private record SecretUpdate(Consumer<UpdateSecretOk> callback, CompletableFuture<UpdateSecretOk> future) {}

    ConnectionEngine(Connection connection, ConnectionParameters params, IoServices io) {
        this.connection = connection;
        this.params = params;
        this.io = io;
        this.name = params.connectionName()
                .orElseGet(() -> params.host() + ":" + params.port() + "#" + SEQUENCE.incrementAndGet());
        this.metrics = GuardedMetrics.guard(params.metricsCollector());
        this.failures = new OpeningFailures(params);
        this.handshake = new Handshake(params);
        this.out = new OutboundFrames(params.writeBufferLimit(), params.frameMax(), this::onCorruptedStream);
        this.decoder = new FrameDecoder(
                new InboundDispatcher(this, channels), Math.max(AmqpConstants.FRAME_MIN_SIZE, params.frameMax()));
        this.blocked = new BlockedState(io, params.blockedConnectionTimeout().orElse(null), this::onBlockedTimeout);
    }

    // ------------------------------------------------------------------------------------------------
    // What the facade reads

    String name() {
        return name;
    }

    ConnectionState state() {
        return state;
    }

    ConnectionCallbacks callbacks() {
        return callbacks;
    }

    Handshake handshake() {
        return handshake;
    }

    BlockedState blocked() {
        return blocked;
    }

    boolean isWritable() {
        return out.isWritable();
    }

    String peer() {
        return failures.peer();
    }

    // ------------------------------------------------------------------------------------------------
    // Channels and update-secret

    Channel openChannel(int channelNumber, Consumer<Channel> onOpen) {
        requireOpen("Channel allocation");
        if (channelNumber == 0) {
            channelNumber = channels.nextFreeNumber(handshake.channelMax());
        } else {
            channels.checkRequestedNumber(channelNumber, handshake.channelMax());
        }
        return createChannel(channelNumber, onOpen);
    }

    private Channel createChannel(int channelNumber, Consumer<Channel> onOpen) {
        ChannelEndpoint endpoint = ChannelEndpoint.create(owner, channelNumber, onOpen);
        channels.add(endpoint);
        try {
            endpoint.open();
        } catch (RuntimeException e) {
            channels.remove(endpoint);
            throw e;
        }
        return endpoint.channel();
    }

    void updateSecret(
            String newSecret, String reason, Consumer<UpdateSecretOk> onOk, CompletableFuture<UpdateSecretOk> future) {
        requireOpen("Connection.updateSecret");
        out.method(0, new UpdateSecret(newSecret, reason));
        secretUpdates.add(new SecretUpdate(onOk, future));
    }

    private void requireOpen(String operation) {
        if (state != ConnectionState.OPEN || terminating) {
            throw new ConnectionWrongStateException(
                    operation + " requires an open connection: " + connection + " is " + state);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /** Pika's {@code Connection.close}; see {@link Connection#close(int, String)}. */
    void close(int replyCode, String replyText) {
        ConnectionState current = state;
        if (current == ConnectionState.CLOSING || current == ConnectionState.CLOSED || terminating) {
            throw new ConnectionWrongStateException("Illegal close(" + replyCode + ", '" + replyText + "') request on "
                    + connection + " because it was called while connection state=" + current);
        }
        Close request = new Close(replyCode, replyText, 0, 0);
        LOG.info("Closing connection {} ({}): {}", name, replyCode, replyText);
        state = ConnectionState.CLOSING;
        if (!opened) {
            terminate(
                    new ConnectionOpenAbortedException("Connection.close() called before the connection finished"
                            + " opening: prev_state=" + current + " (" + replyCode + "): " + replyText),
                    false);
            return;
        }
        pendingError = new ConnectionClosedByClientException(replyCode, replyText);
        pendingClose = request;
        startCloseTimer();
        for (ChannelEndpoint endpoint : channels.snapshot()) {
            try {
                endpoint.closeWithConnection(replyCode, replyText);
            } catch (WriteBufferFullException e) {
                endpoint.closeWithoutHandshake(pendingError);
            }
        }
        if (channels.isEmpty() && !closeSent) {
            sendClose(request);
        }
    }

    private void startCloseTimer() {
        if (closeTimer == null) {
            closeTimer = io.callLater(Connection.CLOSE_TIMEOUT, () -> {
                closeTimer = null;
                LOG.warn(
                        "Connection {}: the broker did not complete the close handshake within {}; dropping the"
                                + " stream",
                        name,
                        Connection.CLOSE_TIMEOUT);
                terminate(pendingError, false);
            });
        }
    }

    private void sendClose(Close request) {
        closeSent = true;
        try {
            out.method(0, request);
        } catch (WriteBufferFullException e) {
            terminate(pendingError, false);
        }
    }

    /** A channel finished closing: its number is free; the last one lets a client close proceed. */
    private void onChannelClosed(ChannelEndpoint endpoint) {
        channels.remove(endpoint);
        if (state == ConnectionState.CLOSING
                && pendingClose != null
                && !closeSent
                && !terminating
                && channels.isEmpty()) {
            sendClose(pendingClose);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The stream (called through the adapter contract)

    void onStreamConnected(StreamTransport streamTransport) {
        Objects.requireNonNull(streamTransport, "streamTransport");
        if (state != ConnectionState.INIT || terminating) {
            streamTransport.abort();
            return;
        }
        transport = streamTransport;
        out.attach(streamTransport);
        state = ConnectionState.PROTOCOL;
        out.protocolHeader();
    }

    void onDataReceived(ByteBuffer data) {
        if (decoderFailed || discardsInbound()) {
            data.position(data.limit());
            return;
        }
        HeartbeatChecker checker = heartbeat;
        if (checker != null) {
            checker.markReceived();
        }
        try {
            decoder.decode(data);
        } catch (ProtocolSyntaxException e) {
            decoderFailed = true;
            data.position(data.limit());
            onProtocolError(e, 0, 0);
        } catch (RuntimeException e) {
            decoderFailed = true;
            data.position(data.limit());
            LOG.warn("Connection " + name + ": internal error while processing the broker's data", e);
            terminate(new AmqpConnectionException("Internal error while processing the broker's data: " + e, e), false);
        }
    }

    void onWriteBufferDrained() {
        callbacks.fireDrained(connection);
    }

    void onStreamTerminated(Throwable cause) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        ConnectionState failedIn = state;
        transport = null;
        out.detach();
        stopTimers();
        AmqpConnectionException error = finalError(cause, failedIn);
        state = ConnectionState.CLOSED;
        terminating = false;
        pendingError = error;
        LOG.info("Connection {} closed (was {}): {}", name, failedIn, error.toString());
        for (ChannelEndpoint endpoint : channels.snapshot()) {
            endpoint.closeWithoutHandshake(error);
        }
        SecretUpdate update;
        while ((update = secretUpdates.poll()) != null) {
            if (update.future() != null) {
                update.future().completeExceptionally(error);
            }
        }
        if (opened) {
            metrics.connectionClosed(name);
            callbacks.fireClose(connection, error);
        } else {
            callbacks.fireOpenError(connection, error);
        }
    }

    private AmqpConnectionException finalError(Throwable cause, ConnectionState failedIn) {
        if (pendingError != null && (terminating || failedIn == ConnectionState.CLOSING)) {
            return pendingError;
        }
        if (failedIn == ConnectionState.INIT) {
            return cause instanceof AmqpConnectionException error ? error : failures.connectFailed(cause);
        }
        AmqpConnectionException lost = cause instanceof AmqpConnectionException error
                ? error
                : new StreamLostException(
                        cause == null
                                ? "Stream connection lost: the broker closed the connection"
                                : "Stream connection lost: " + cause,
                        cause);
        return opened ? lost : failures.whileOpening(failedIn, lost);
    }

    /** Pika's {@code _terminate_stream}: remember why, stop the timers, and bring the stream down. */
    private void terminate(AmqpConnectionException error, boolean graceful) {
        if (terminating || state == ConnectionState.CLOSED) {
            return;
        }
        terminating = true;
        pendingError = error;
        if (opened) {
            state = ConnectionState.CLOSING;
        }
        stopTimers();
        StreamTransport current = transport;
        if (current == null) {
            connection.disconnectStream();
        } else if (graceful) {
            current.close();
        } else {
            current.abort();
        }
    }

    private void stopTimers() {
        if (heartbeat != null) {
            heartbeat.stop();
            heartbeat = null;
            out.heartbeat(null);
        }
        blocked.stop();
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
    }

    private void onHeartbeatTimeout() {
        int timeout = handshake.heartbeatSeconds();
        metrics.heartbeatTimeout(name);
        LOG.warn(
                "Connection {}: no data from the broker for at least {} s; the connection is dead",
                name,
                timeout * 1.5);
        terminate(
                new AmqpHeartbeatTimeoutException("No activity or too many missed heartbeats: nothing was received"
                        + " from the broker for at least " + (timeout * 3 / 2.0) + " s (1.5 x the negotiated heartbeat"
                        + " timeout of " + timeout + " s)"),
                false);
    }

    private void onBlockedTimeout() {
        terminate(
                new ConnectionBlockedTimeoutException("Blocked connection timeout expired: the broker kept the"
                        + " connection blocked (" + blocked.reason().orElse("no reason given") + ") for longer than"
                        + " blockedConnectionTimeout (" + blocked.timeout() + ")"),
                false);
    }

    private void onCorruptedStream() {
        terminate(
                new StreamLostException("The outbound buffer refused part of a publish; the stream is unusable and"
                        + " was aborted (raise ConnectionParameters.writeBufferLimit, or publish less at once)"),
                false);
    }

    /** An engine-initiated write failed because the outbound buffer is full: the broker is not reading. */
    void onOutboundOverflow(WriteBufferFullException error) {
        terminate(
                new StreamLostException(
                        "The broker is not reading: the outbound buffer is full (" + error.getMessage() + ")", error),
                false);
    }

    // ------------------------------------------------------------------------------------------------
    // Inbound (called by InboundDispatcher on the loop's thread)

    /** Whether inbound frames are dropped: the stream is being torn down, or is gone. */
    boolean discardsInbound() {
        return terminating || state == ConnectionState.CLOSED;
    }

    /** Whether channel frames are dropped: the client sent {@code Connection.Close}. */
    boolean discardsChannelFrames() {
        return closeSent;
    }

    /** Whether channels may exist: the connection has opened. */
    boolean isOpenForChannels() {
        return opened;
    }

    void onConnectionMethod(Method method) {
        if (method instanceof Close close) {
            onBrokerClose(close);
            return;
        }
        if (closeSent) {
            if (method instanceof CloseOk) {
                terminate(pendingError, true);
            } else {
                LOG.debug("Connection {} is closing: discarding {}", name, method);
            }
            return;
        }
        switch (state) {
            case PROTOCOL -> {
                if (!(method instanceof Start start)) {
                    throw unexpected(method);
                }
                onStart(start);
            }
            case START -> {
                if (method instanceof Tune tune) {
                    onTune(tune);
                } else if (method instanceof Secure) {
                    terminate(
                            new AuthenticationException(
                                    params.credentials().mechanism(),
                                    "The broker sent a Connection.Secure challenge, which the "
                                            + params.credentials().mechanism() + " mechanism does not answer"),
                            false);
                } else {
                    throw unexpected(method);
                }
            }
            case TUNE -> {
                if (!(method instanceof OpenOk)) {
                    throw unexpected(method);
                }
                onOpenOk();
            }
            case OPEN, CLOSING -> onOpenConnectionMethod(method);
            default -> throw unexpected(method);
        }
    }

    private void onOpenConnectionMethod(Method method) {
        if (method instanceof Blocked blockedMethod) {
            LOG.warn("Connection {} blocked by the broker: {}", name, blockedMethod.reason());
            blocked.onBlocked(blockedMethod.reason());
            metrics.blocked(name, blockedMethod.reason());
            callbacks.fireBlocked(connection, blockedMethod);
        } else if (method instanceof Unblocked unblockedMethod) {
            LOG.info("Connection {} unblocked by the broker", name);
            blocked.onUnblocked();
            metrics.unblocked(name);
            callbacks.fireUnblocked(connection, unblockedMethod);
        } else if (method instanceof UpdateSecretOk ok && !secretUpdates.isEmpty()) {
            SecretUpdate update = secretUpdates.poll();
            if (update.future() != null) {
                update.future().complete(ok);
            } else if (update.callback() != null) {
                try {
                    update.callback().accept(ok);
                } catch (RuntimeException e) {
                    LOG.callbackFailed("update-secret callback of connection " + name, e);
                }
            }
        } else {
            throw unexpected(method);
        }
    }

    private void onStart(Start start) {
        state = ConnectionState.START;
        try {
            out.method(0, handshake.onStart(start));
        } catch (AmqpConnectionException e) {
            terminate(e, false);
        }
    }

    private void onTune(Tune tune) {
        state = ConnectionState.TUNE;
        TuneOk tuneOk;
        try {
            tuneOk = handshake.onTune(tune);
        } catch (AmqpConnectionException e) {
            terminate(e, false);
            return;
        }
        decoder.setMaxFrameSize(handshake.frameMax());
        out.frameMax(handshake.frameMax());
        out.method(0, tuneOk);
        if (handshake.heartbeatSeconds() > 0) {
            heartbeat = new HeartbeatChecker(
                    io, handshake.heartbeatSeconds(), out::heartbeatFrame, this::onHeartbeatTimeout);
            out.heartbeat(heartbeat);
        }
        out.method(0, handshake.open());
    }

    private void onOpenOk() {
        opened = true;
        state = ConnectionState.OPEN;
        LOG.info("Connection {} open: {}", name, failures.peer());
        metrics.connectionOpened(name);
        callbacks.fireOpen(connection);
    }

    /** {@code Connection.Close} from the broker: answer with {@code CloseOk} and close with its reason. */
    private void onBrokerClose(Close close) {
        LOG.warn("Connection {} closed by the broker ({}): {}", name, close.replyCode(), close.replyText());
        try {
            out.method(0, CloseOk.INSTANCE);
        } catch (WriteBufferFullException e) {
            LOG.debug("Connection {}: no room for Connection.CloseOk", name);
        }
        AmqpConnectionException error;
        if (opened) {
            error = new ConnectionClosedByBrokerException(close.replyCode(), close.replyText());
        } else if (state == ConnectionState.START && close.replyCode() == AmqpConstants.ACCESS_REFUSED) {
            error = failures.refused(close.replyCode(), close.replyText());
        } else {
            error = failures.whileOpening(
                    state, new ConnectionClosedByBrokerException(close.replyCode(), close.replyText()));
        }
        terminate(error, true);
    }

    /** The broker answered the protocol header with its own: it speaks another protocol version. */
    void onProtocolHeaderReceived(int major, int minor, int revision) {
        String version = major + "-" + minor + "-" + revision;
        if (state != ConnectionState.PROTOCOL) {
            onProtocolError(new InvalidFrameException("Unexpected AMQP protocol header " + version), 0, 0);
            return;
        }
        terminate(
                new IncompatibleProtocolException(
                        "The broker at " + failures.peer() + " refused AMQP 0-9-1 and announced AMQP " + version,
                        new ProtocolVersionMismatchException("0-9-1", version)),
                false);
    }

    /**
     * The broker broke the protocol. An opening connection is dropped ({@link IncompatibleProtocolException}); an
     * open one closes its channels with the reason and sends {@code Connection.Close} with the error's reply code,
     * bounded by {@link #Connection.CLOSE_TIMEOUT}.
     */
    void onProtocolError(ProtocolSyntaxException error, int failingClassId, int failingMethodId) {
        if (discardsInbound()) {
            return;
        }
        LOG.warn("Connection " + name + ": the broker broke the protocol", error);
        if (!opened) {
            terminate(failures.protocolViolation(state, error), false);
            return;
        }
        if (closeSent) {
            terminate(pendingError, false);
            return;
        }
        ConnectionClosedByClientException reason =
                new ConnectionClosedByClientException(error.replyCode(), error.replyText());
        reason.initCause(error);
        state = ConnectionState.CLOSING;
        pendingError = reason;
        pendingClose = null;
        startCloseTimer();
        for (ChannelEndpoint endpoint : channels.snapshot()) {
            endpoint.closeWithoutHandshake(reason);
        }
        sendClose(new Close(error.replyCode(), error.replyText(), failingClassId, failingMethodId));
    }

    private ProtocolSyntaxException unexpected(Method method) {
        return new ProtocolSyntaxException(
                AmqpConstants.COMMAND_INVALID,
                "Received " + method.name() + " on channel 0 in connection state " + state
                        + ", which the client did not expect");
    }

    /** The connection as its channels see it. */
    private final class Owner implements ChannelOwner {

        @Override
        public IoServices ioServices() {
            return io;
        }

        @Override
        public String connectionName() {
            return name;
        }

        @Override
        public MetricsCollector metrics() {
            return metrics;
        }

        @Override
        public int frameMax() {
            return out.frameMax();
        }

        @Override
        public int maxInboundMessageBodySize() {
            return params.maxInboundMessageBodySize();
        }

        @Override
        public boolean publisherConfirmsSupported() {
            return handshake.publisherConfirmsSupported();
        }

        @Override
        public void sendMethod(int channelNumber, Method method) {
            out.method(channelNumber, method);
        }

        @Override
        public void sendContent(
                int channelNumber, Method method, BasicProperties properties, byte[] body, int offset, int length) {
            out.content(channelNumber, method, properties, body, offset, length);
        }

        @Override
        public void sendContent(
                int channelNumber, Method method, BasicProperties properties, ByteBuffer body, boolean retainBody) {
            out.content(channelNumber, method, properties, body, retainBody);
        }

        @Override
        public void sendFrame(byte[] frame, int offset, int length) {
            out.frame(frame, offset, length);
        }

        @Override
        public void channelClosed(ChannelEndpoint endpoint) {
            onChannelClosed(endpoint);
        }
    }
}
