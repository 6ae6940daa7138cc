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
import dev.pika.internal.LoopThread;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An AMQP 0-9-1 connection: Pika's {@code pika.connection.Connection}, the sans-IO protocol engine. It takes bytes
 * and a clock and emits bytes; it never touches a socket or a thread. Adapters such as {@code SelectConnection}
 * extend it and drive it from their I/O loop.
 *
 * <p><b>Lifecycle.</b> {@link ConnectionState#INIT} while the adapter connects the stream; then the handshake:
 * protocol header ({@link ConnectionState#PROTOCOL}), {@code Start}/{@code StartOk} with the credentials' mechanism
 * ({@link ConnectionState#START}), {@code Tune}/{@code TuneOk} and {@code Open} ({@link ConnectionState#TUNE}),
 * {@code OpenOk} ({@link ConnectionState#OPEN}, on-open callbacks). Negotiation as Pika: {@code channel_max} and
 * {@code frame_max} take the other side's value when one side says 0 (no limit), else the lower; the heartbeat
 * timeout is the broker's proposal unless the parameters fix it or a {@link dev.pika.HeartbeatNegotiator} chooses.
 *
 * <p><b>Failures.</b> A connection that never opened reports to the on-open-error callbacks; an open one to the
 * on-close callbacks, both with an {@link AmqpConnectionException} saying why: {@link
 * dev.pika.exceptions.ConnectionClosedByClientException} after {@link #close}, {@link
 * ConnectionClosedByBrokerException} when the broker closed it, {@link StreamLostException} when the stream broke,
 * {@link AmqpHeartbeatTimeoutException} when the broker fell silent (see {@code HeartbeatChecker} for the rule:
 * detection within twice the timeout), {@link ConnectionBlockedTimeoutException} when it stayed blocked too long. While
 * opening, a lost stream or a broker close is named by state as Pika does: after the protocol header {@link
 * IncompatibleProtocolException}, after the credentials {@link dev.pika.exceptions.ProbableAuthenticationException}
 * ({@link AuthenticationException} when the broker says so with 403), after {@code Open} {@link
 * dev.pika.exceptions.ProbableAccessDeniedException}; a {@code close()} while opening is a {@link
 * ConnectionOpenAbortedException}. When the connection closes, every channel closes with the reason, every pending
 * future fails with it, and every unconfirmed publish future too.
 *
 * <p><b>Bad input.</b> When the broker breaks the protocol (garbage, an unknown frame type, an oversized frame, a
 * body longer than announced, a frame for a channel that is not open, an unexpected method), the connection closes
 * its channels, sends {@code Connection.Close} with the matching reply code (501, 502, 503, 504, 505, 506), waits at
 * most {@link #CLOSE_TIMEOUT} for {@code Connection.CloseOk}, then drops the stream; the application sees a {@link
 * ConnectionClosedByClientException} with that code whose cause is the protocol exception. Nothing is allocated
 * beyond the negotiated {@code frame_max} and {@code maxInboundMessageBodySize}.
 *
 * <p><b>Adapter contract.</b> A subclass owns the stream and calls, on the loop's thread:
 *
 * <ol>
 *   <li>{@link #onStreamConnected(StreamTransport)} once the stream (TCP, TLS) is up: the engine sends the protocol
 *       header and writes through the transport from then on;
 *   <li>{@link #onDataReceived(ByteBuffer)} for every read;
 *   <li>{@link #onWriteBufferDrained()} when the transport's buffer drained after going above its high watermark;
 *   <li>{@link #onStreamTerminated(Throwable)} once, when the stream is gone or could not be established (with the
 *       error, or {@code null} when the engine itself closed or aborted it).
 * </ol>
 *
 * <p>To end the stream the engine calls {@link StreamTransport#close()} (after {@code CloseOk}) or {@link
 * StreamTransport#abort()} on the transport it was given; before it has one (state {@link ConnectionState#INIT}), it
 * calls {@link #adapterDisconnectStream()}, which must abort the connection workflow and then call {@link
 * #onStreamTerminated(Throwable)}. Timers use {@link IoServices#callLater} and time is {@link IoServices#nanoTime()}.
 *
 * <p><b>Threading.</b> A connection belongs to its loop's thread. Every method must be called on it, except {@link
 * #ioloop()}, {@link #name()}, {@link #state()}, {@link #isOpen()}, {@link #isClosing()} and {@link #isClosed()},
 * which any thread may call; others fail with {@link IllegalStateException}. Other threads hand work in with {@code
 * connection.ioloop().addCallbackThreadsafe(() -> ...)}. Callbacks run on the loop's thread; what they throw is logged
 * and does not disturb the connection.
 */
public abstract class Connection implements AutoCloseable {

    /** The reply code of {@link #close()}: {@value}. */
    public static final int DEFAULT_CLOSE_REPLY_CODE = AmqpConstants.REPLY_SUCCESS;

    /** The reply text of {@link #close()}: {@value}. */
    public static final String DEFAULT_CLOSE_REPLY_TEXT = "Normal shutdown";

    /**
     * How long a closing connection waits for its channels' and its own close handshakes (the broker's {@code
     * Channel.CloseOk}s and {@code Connection.CloseOk}) before it drops the stream anyway: a dead peer cannot hang a
     * close.
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final EngineLogger LOG = EngineLogger.get(Connection.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

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

    /**
     * Creates the engine in state {@link ConnectionState#INIT}; the adapter then connects the stream.
     *
     * @param parameters the connection parameters
     * @param ioServices the loop that drives the connection (timers, clock, thread)
     * @param onOpen called with the connection once it is open, or {@code null}
     * @param onOpenError called when the connection cannot be opened (or {@link #close()} interrupts the opening),
     *     or {@code null} to log the failure
     * @param onClose called when an open connection closes, with the reason, or {@code null}
     */
    protected Connection(
            ConnectionParameters parameters,
            IoServices ioServices,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose) {
        this.params = Objects.requireNonNull(parameters, "parameters");
        this.io = Objects.requireNonNull(ioServices, "ioServices");
        this.name = params.connectionName()
                .orElseGet(() -> params.host() + ":" + params.port() + "#" + SEQUENCE.incrementAndGet());
        this.metrics = GuardedMetrics.guard(params.metricsCollector());
        this.failures = new OpeningFailures(params);
        this.handshake = new Handshake(params);
        this.out = new OutboundFrames(params.writeBufferLimit(), params.frameMax(), this::onCorruptedStream);
        this.decoder = new FrameDecoder(
                new InboundDispatcher(this, channels), Math.max(AmqpConstants.FRAME_MIN_SIZE, params.frameMax()));
        this.blocked = new BlockedState(io, params.blockedConnectionTimeout().orElse(null), this::onBlockedTimeout);
        if (onOpen != null) {
            callbacks.addOpen(onOpen);
        }
        if (onOpenError != null) {
            callbacks.addOpenError(onOpenError);
        }
        if (onClose != null) {
            callbacks.addClose(onClose);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // State and properties

    /**
     * The loop that owns the connection: {@code addCallbackThreadsafe} is the door for other threads, {@code
     * callLater} schedules timers on the loop. Any thread.
     *
     * @return the connection's I/O services
     */
    public IoServices ioloop() {
        return io;
    }

    /**
     * The connection's name: {@link ConnectionParameters#connectionName()}, or host, port and a sequence number. It
     * names the connection in logs and {@link MetricsCollector} calls. Any thread.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The connection's state. Any thread.
     *
     * @return the current state
     */
    public ConnectionState state() {
        return state;
    }

    /**
     * Whether the connection is open. Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#OPEN}
     */
    public boolean isOpen() {
        return state == ConnectionState.OPEN;
    }

    /**
     * Whether the connection is closing (at the client's request, or being torn down). Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#CLOSING}
     */
    public boolean isClosing() {
        return state == ConnectionState.CLOSING;
    }

    /**
     * Whether the connection is closed. Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#CLOSED}
     */
    public boolean isClosed() {
        return state == ConnectionState.CLOSED;
    }

    /**
     * The parameters the connection was created with.
     *
     * @return the parameters
     */
    public ConnectionParameters parameters() {
        return params;
    }

    /**
     * Whether the broker blocked the connection ({@code Connection.Blocked}: RabbitMQ's memory or disk alarm).
     * Publishers should pause until it is unblocked.
     *
     * @return {@code true} between {@code Connection.Blocked} and {@code Connection.Unblocked}
     */
    public boolean isBlocked() {
        checkThread("Connection.isBlocked");
        return blocked.isBlocked();
    }

    /**
     * Why the broker blocked the connection.
     *
     * @return the broker's reason (e.g. {@code "low on memory"}) while blocked, else empty
     */
    public Optional<String> blockedReason() {
        checkThread("Connection.blockedReason");
        return blocked.reason();
    }

    /**
     * Whether the outbound buffer is below its high watermark ({@link ConnectionParameters#writeBufferHighWatermark()}):
     * when {@code false}, pause publishing until {@link #addOnWriteBufferDrainedCallback} fires.
     *
     * @return {@code true} when the stream keeps up
     */
    public boolean isWritable() {
        checkThread("Connection.isWritable");
        return out.isWritable();
    }

    /**
     * The server properties of {@code Connection.Start} (product, version, capabilities...).
     *
     * @return an unmodifiable table, empty before {@code Connection.Start}
     */
    public Map<String, Object> serverProperties() {
        checkThread("Connection.serverProperties");
        return handshake.serverProperties();
    }

    /**
     * The server's capabilities table ({@code server_properties["capabilities"]}).
     *
     * @return an unmodifiable table, empty before {@code Connection.Start}
     */
    public Map<String, Object> serverCapabilities() {
        checkThread("Connection.serverCapabilities");
        return handshake.capabilities();
    }

    /**
     * Whether the server supports {@code Basic.Nack}.
     *
     * @return the {@code basic.nack} capability
     */
    public boolean basicNackSupported() {
        checkThread("Connection.basicNackSupported");
        return handshake.capability("basic.nack");
    }

    /**
     * Whether the server notifies consumers it cancels ({@code Basic.Cancel} from the broker).
     *
     * @return the {@code consumer_cancel_notify} capability
     */
    public boolean consumerCancelNotifySupported() {
        checkThread("Connection.consumerCancelNotifySupported");
        return handshake.capability("consumer_cancel_notify");
    }

    /**
     * Whether the server supports exchange-to-exchange bindings.
     *
     * @return the {@code exchange_exchange_bindings} capability
     */
    public boolean exchangeExchangeBindingsSupported() {
        checkThread("Connection.exchangeExchangeBindingsSupported");
        return handshake.capability("exchange_exchange_bindings");
    }

    /**
     * Whether the server supports publisher confirms.
     *
     * @return the {@code publisher_confirms} capability
     */
    public boolean publisherConfirmsSupported() {
        checkThread("Connection.publisherConfirmsSupported");
        return handshake.capability("publisher_confirms");
    }

    /**
     * Whether the server reports refused credentials with {@code Connection.Close} 403 instead of dropping the stream.
     *
     * @return the {@code authentication_failure_close} capability
     */
    public boolean authenticationFailureCloseSupported() {
        checkThread("Connection.authenticationFailureCloseSupported");
        return handshake.capability("authentication_failure_close");
    }

    /**
     * The negotiated {@code channel_max}.
     *
     * @return the highest channel number, 0 before {@code Connection.Tune}
     */
    public int channelMax() {
        checkThread("Connection.channelMax");
        return handshake.channelMax();
    }

    /**
     * The negotiated {@code frame_max}.
     *
     * @return the largest frame in bytes, 0 before {@code Connection.Tune}
     */
    public int frameMax() {
        checkThread("Connection.frameMax");
        return handshake.frameMax();
    }

    /**
     * The negotiated heartbeat timeout.
     *
     * @return the timeout, {@link Duration#ZERO} when heartbeats are off (or before {@code Connection.Tune})
     */
    public Duration heartbeat() {
        checkThread("Connection.heartbeat");
        return Duration.ofSeconds(handshake.heartbeatSeconds());
    }

    // ------------------------------------------------------------------------------------------------
    // Callbacks

    /**
     * Adds a callback for when the connection has opened.
     *
     * @param callback receives the connection
     */
    public void addOnOpenCallback(Consumer<Connection> callback) {
        checkThread("Connection.addOnOpenCallback");
        callbacks.addOpen(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for when the connection cannot be opened, or {@link #close()} interrupts the opening.
     *
     * @param callback receives the connection and why
     */
    public void addOnOpenErrorCallback(BiConsumer<Connection, AmqpConnectionException> callback) {
        checkThread("Connection.addOnOpenErrorCallback");
        callbacks.addOpenError(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for when an open connection closes; it receives {@link ConnectionClosedByClientException} or
     * {@link ConnectionClosedByBrokerException} for an AMQP close, another {@link AmqpConnectionException} for a
     * failure.
     *
     * @param callback receives the connection and why it closed
     */
    public void addOnCloseCallback(BiConsumer<Connection, AmqpConnectionException> callback) {
        checkThread("Connection.addOnCloseCallback");
        callbacks.addClose(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * RabbitMQ extension: adds a callback for {@code Connection.Blocked}, sent when the broker runs low on resources
     * (memory or disk). RabbitMQ then stops reading from publishing connections until it unblocks them, so
     * publishers should pause. See also {@link ConnectionParameters#blockedConnectionTimeout()}.
     *
     * @param callback receives the connection and the {@code Connection.Blocked} method (with its reason)
     */
    public void addOnConnectionBlockedCallback(BiConsumer<Connection, Blocked> callback) {
        checkThread("Connection.addOnConnectionBlockedCallback");
        callbacks.addBlocked(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * RabbitMQ extension: adds a callback for {@code Connection.Unblocked}: publishing may resume.
     *
     * @param callback receives the connection and the {@code Connection.Unblocked} method
     */
    public void addOnConnectionUnblockedCallback(BiConsumer<Connection, Unblocked> callback) {
        checkThread("Connection.addOnConnectionUnblockedCallback");
        callbacks.addUnblocked(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for when the outbound buffer drained back to half its high watermark after going above it
     * ({@link #isWritable()} is {@code true} again).
     *
     * @param callback receives the connection
     */
    public void addOnWriteBufferDrainedCallback(Consumer<Connection> callback) {
        checkThread("Connection.addOnWriteBufferDrainedCallback");
        callbacks.addDrained(Objects.requireNonNull(callback, "callback"));
    }

    // ------------------------------------------------------------------------------------------------
    // Channels

    /**
     * Opens a channel with the lowest free number; use it once it is open.
     *
     * @return the opening channel
     * @see #channel(int, Consumer)
     */
    public Channel channel() {
        return channel(null);
    }

    /**
     * Opens a channel with the lowest free number (Pika's {@code channel()}).
     *
     * @param onOpen called with the channel once it is open, or {@code null}
     * @return the opening channel
     * @throws ConnectionWrongStateException when the connection is not open
     * @throws dev.pika.exceptions.NoFreeChannelsException when {@code channel_max} channels are open
     */
    public Channel channel(Consumer<Channel> onOpen) {
        checkThread("Connection.channel");
        requireOpen("Channel allocation");
        return createChannel(channels.nextFreeNumber(handshake.channelMax()), onOpen);
    }

    /**
     * Opens a channel with the given number (Pika's {@code channel(channel_number, on_open_callback)}); letting the
     * connection choose is recommended.
     *
     * @param channelNumber 1 to the negotiated {@code channel_max}, not in use
     * @param onOpen called with the channel once it is open, or {@code null}
     * @return the opening channel
     * @throws dev.pika.exceptions.InvalidChannelNumberException when the number is out of range or in use
     * @throws ConnectionWrongStateException when the connection is not open
     */
    public Channel channel(int channelNumber, Consumer<Channel> onOpen) {
        checkThread("Connection.channel");
        requireOpen("Channel allocation");
        channels.checkRequestedNumber(channelNumber, handshake.channelMax());
        return createChannel(channelNumber, onOpen);
    }

    /**
     * Opens a channel with the lowest free number; the future form.
     *
     * @return completed with the channel once it is open; failed with the reason if it closes first
     */
    public CompletableFuture<Channel> openChannel() {
        CompletableFuture<Channel> future = new CompletableFuture<>();
        Channel channel = channel(future::complete);
        channel.addOnCloseCallback((closed, reason) -> future.completeExceptionally(reason));
        return future;
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

    // ------------------------------------------------------------------------------------------------
    // Update secret

    /**
     * RabbitMQ extension: replaces the secret the connection authenticated with (e.g. a refreshed OAuth 2 token),
     * without reconnecting.
     *
     * @param newSecret the new secret
     * @param reason why, for the broker's log
     * @param onOk receives {@code Connection.UpdateSecretOk}, or {@code null}
     * @throws ConnectionWrongStateException when the connection is not open
     */
    public void updateSecret(String newSecret, String reason, Consumer<UpdateSecretOk> onOk) {
        checkThread("Connection.updateSecret");
        requireOpen("Connection.updateSecret");
        out.method(0, new UpdateSecret(newSecret, reason));
        secretUpdates.add(new SecretUpdate(onOk, null));
    }

    /**
     * RabbitMQ extension: replaces the secret the connection authenticated with; the future form.
     *
     * @param newSecret the new secret
     * @param reason why, for the broker's log
     * @return completed with {@code Connection.UpdateSecretOk}; failed with the reason if the connection closes first
     */
    public CompletableFuture<UpdateSecretOk> updateSecret(String newSecret, String reason) {
        checkThread("Connection.updateSecret");
        requireOpen("Connection.updateSecret");
        out.method(0, new UpdateSecret(newSecret, reason));
        CompletableFuture<UpdateSecretOk> future = new CompletableFuture<>();
        secretUpdates.add(new SecretUpdate(null, future));
        return future;
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Closes the connection with {@code 200 "Normal shutdown"}.
     *
     * @throws ConnectionWrongStateException when the connection is closing or closed
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_REPLY_CODE, DEFAULT_CLOSE_REPLY_TEXT);
    }

    /**
     * Closes the connection (Pika's {@code close}). An open connection closes its open and opening channels first
     * (each cancels its consumers and waits for {@code Channel.CloseOk}), then sends {@code Connection.Close} and
     * drops the stream on {@code Connection.CloseOk}; the on-close callbacks receive a {@link
     * ConnectionClosedByClientException}. The whole close is bounded by {@link #CLOSE_TIMEOUT}. A connection that is
     * still opening drops its stream at once and reports {@link ConnectionOpenAbortedException} to the on-open-error
     * callbacks.
     *
     * @param replyCode the reply code to send
     * @param replyText the reply text to send
     * @throws ConnectionWrongStateException when the connection is closing or closed
     */
    public void close(int replyCode, String replyText) {
        checkThread("Connection.close");
        ConnectionState current = state;
        if (current == ConnectionState.CLOSING || current == ConnectionState.CLOSED || terminating) {
            throw new ConnectionWrongStateException("Illegal close(" + replyCode + ", '" + replyText + "') request on "
                    + this + " because it was called while connection state=" + current);
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
            closeTimer = io.callLater(CLOSE_TIMEOUT, () -> {
                closeTimer = null;
                LOG.warn(
                        "Connection {}: the broker did not complete the close handshake within {}; dropping the"
                                + " stream",
                        name,
                        CLOSE_TIMEOUT);
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
    // Adapter contract

    /**
     * Adapter: the stream is up; the engine sends the protocol header and writes through {@code streamTransport} from
     * now on. A connection closed meanwhile aborts the transport instead.
     *
     * @param streamTransport the connected transport
     */
    protected final void onStreamConnected(StreamTransport streamTransport) {
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

    /**
     * Adapter: bytes arrived from the broker.
     *
     * @param data the bytes, from position to limit; consumed during the call
     */
    protected final void onDataReceived(ByteBuffer data) {
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

    /** Adapter: the transport's write buffer fell back to its low watermark; the drained callbacks run. */
    protected final void onWriteBufferDrained() {
        callbacks.fireDrained(this);
    }

    /**
     * Adapter: the stream is gone, or could not be established. The connection closes: every channel closes with the
     * reason, pending futures fail, and the on-close (or on-open-error) callbacks run. Called once; later calls do
     * nothing.
     *
     * @param cause {@code null} when the engine closed or aborted the stream itself (its own reason is reported);
     *     otherwise what ended the stream: an {@link AmqpConnectionException} is reported as is, another error is
     *     wrapped (as {@link StreamLostException} once the stream was up)
     */
    protected final void onStreamTerminated(Throwable cause) {
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
            callbacks.fireClose(this, error);
        } else {
            callbacks.fireOpenError(this, error);
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

    /**
     * Adapter: asked to bring the stream down before the engine got a transport (state {@link
     * ConnectionState#INIT}): abort the connection workflow (resolution, TCP or TLS connect), then call {@link
     * #onStreamTerminated(Throwable)}, from within this call or later on the loop.
     */
    protected abstract void adapterDisconnectStream();

    // ------------------------------------------------------------------------------------------------
    // Termination

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
            adapterDisconnectStream();
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
            callbacks.fireBlocked(this, blockedMethod);
        } else if (method instanceof Unblocked unblockedMethod) {
            LOG.info("Connection {} unblocked by the broker", name);
            blocked.onUnblocked();
            metrics.unblocked(name);
            callbacks.fireUnblocked(this, unblockedMethod);
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
        callbacks.fireOpen(this);
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
     * bounded by {@link #CLOSE_TIMEOUT}.
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

    // ------------------------------------------------------------------------------------------------
    // Helpers

    private void checkThread(String operation) {
        LoopThread.check(io, operation);
    }

    private void requireOpen(String operation) {
        if (state != ConnectionState.OPEN || terminating) {
            throw new ConnectionWrongStateException(
                    operation + " requires an open connection: " + this + " is " + state);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + name + ", state=" + state + ", broker=" + failures.peer() + "]";
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
            return handshake.capability("publisher_confirms") && handshake.capability("basic.nack");
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
        public void sendFrame(byte[] frame, int offset, int length) {
            out.frame(frame, offset, length);
        }

        @Override
        public void channelClosed(ChannelEndpoint endpoint) {
            onChannelClosed(endpoint);
        }
    }
}
