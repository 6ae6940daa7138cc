package dev.pika.connection;

import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.InvalidChannelNumberException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.internal.LoopThread;
import dev.pika.io.IoServices;
import dev.pika.io.StreamTransport;
import dev.pika.spec.AmqpConstants;
import dev.pika.spec.Connection.Blocked;
import dev.pika.spec.Connection.Unblocked;
import dev.pika.spec.Connection.UpdateSecretOk;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * body longer than announced, a frame for a channel that is not open, an unexpected or unknown method), the
 * connection closes its channels, sends {@code Connection.Close} with the matching reply code (501, 502, 503, 504,
 * 505, 506, 540), waits at most {@link #CLOSE_TIMEOUT} for {@code Connection.CloseOk} (or the end of the stream),
 * then drops the stream; the application sees a {@link
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
 * #ioloop()}, {@link #name()}, {@link #parameters()}, {@link #state()}, {@link #isOpen()}, {@link #isClosing()} and
 * {@link #isClosed()}, which any thread may call; others fail with {@link IllegalStateException}. Other threads hand
 * work in with {@code connection.ioloop().addCallbackThreadsafe(() -> ...)}. Callbacks run on the loop's thread; what
 * they throw is logged and does not disturb the connection.
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

    private final ConnectionParameters params;
    private final IoServices io;
    private final ConnectionEngine engine;

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
        this.engine = new ConnectionEngine(this, params, io);
        if (onOpen != null) {
            engine.callbacks().addOpen(onOpen);
        }
        if (onOpenError != null) {
            engine.callbacks().addOpenError(onOpenError);
        }
        if (onClose != null) {
            engine.callbacks().addClose(onClose);
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
        return engine.name();
    }

    /**
     * The connection's state. Any thread.
     *
     * @return the current state
     */
    public ConnectionState state() {
        return engine.state();
    }

    /**
     * Whether the connection is open. Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#OPEN}
     */
    public boolean isOpen() {
        return engine.state() == ConnectionState.OPEN;
    }

    /**
     * Whether the connection is closing (at the client's request, or being torn down). Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#CLOSING}
     */
    public boolean isClosing() {
        return engine.state() == ConnectionState.CLOSING;
    }

    /**
     * Whether the connection is closed. Any thread.
     *
     * @return {@code true} in state {@link ConnectionState#CLOSED}
     */
    public boolean isClosed() {
        return engine.state() == ConnectionState.CLOSED;
    }

    /**
     * The parameters the connection was created with. Any thread.
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
        return engine.blocked().isBlocked();
    }

    /**
     * Why the broker blocked the connection.
     *
     * @return the broker's reason (e.g. {@code "low on memory"}) while blocked, else empty
     */
    public Optional<String> blockedReason() {
        checkThread("Connection.blockedReason");
        return engine.blocked().reason();
    }

    /**
     * Whether the outbound buffer is below its high watermark ({@link ConnectionParameters#writeBufferHighWatermark()}):
     * when {@code false}, pause publishing until {@link #addOnWriteBufferDrainedCallback} fires.
     *
     * @return {@code true} when the stream keeps up
     */
    public boolean isWritable() {
        checkThread("Connection.isWritable");
        return engine.isWritable();
    }

    /**
     * The server properties of {@code Connection.Start} (product, version, capabilities...).
     *
     * @return an unmodifiable table, empty before {@code Connection.Start}
     */
    public Map<String, Object> serverProperties() {
        checkThread("Connection.serverProperties");
        return engine.handshake().serverProperties();
    }

    /**
     * The server's capabilities table ({@code server_properties["capabilities"]}).
     *
     * @return an unmodifiable table, empty before {@code Connection.Start}
     */
    public Map<String, Object> serverCapabilities() {
        checkThread("Connection.serverCapabilities");
        return engine.handshake().capabilities();
    }

    /**
     * Whether the server supports {@code Basic.Nack}.
     *
     * @return the {@code basic.nack} capability
     */
    public boolean basicNackSupported() {
        checkThread("Connection.basicNackSupported");
        return engine.handshake().capability("basic.nack");
    }

    /**
     * Whether the server notifies consumers it cancels ({@code Basic.Cancel} from the broker).
     *
     * @return the {@code consumer_cancel_notify} capability
     */
    public boolean consumerCancelNotifySupported() {
        checkThread("Connection.consumerCancelNotifySupported");
        return engine.handshake().capability("consumer_cancel_notify");
    }

    /**
     * Whether the server supports exchange-to-exchange bindings.
     *
     * @return the {@code exchange_exchange_bindings} capability
     */
    public boolean exchangeExchangeBindingsSupported() {
        checkThread("Connection.exchangeExchangeBindingsSupported");
        return engine.handshake().capability("exchange_exchange_bindings");
    }

    /**
     * Whether the server supports publisher confirms (with {@code Basic.Nack}), so that {@code
     * Channel.confirmDelivery} may be used: RabbitMQ's {@code publisher_confirms} and {@code basic.nack}
     * capabilities, or Apache Qpid Broker-J's {@code qpid.confirmed_publish_supported} server property (Qpid sends no
     * capabilities table).
     *
     * @return whether confirm mode is available
     */
    public boolean publisherConfirmsSupported() {
        checkThread("Connection.publisherConfirmsSupported");
        return engine.handshake().publisherConfirmsSupported();
    }

    /**
     * Whether the server reports refused credentials with {@code Connection.Close} 403 instead of dropping the stream.
     *
     * @return the {@code authentication_failure_close} capability
     */
    public boolean authenticationFailureCloseSupported() {
        checkThread("Connection.authenticationFailureCloseSupported");
        return engine.handshake().capability("authentication_failure_close");
    }

    /**
     * The negotiated {@code channel_max}.
     *
     * @return the highest channel number, 0 before {@code Connection.Tune}
     */
    public int channelMax() {
        checkThread("Connection.channelMax");
        return engine.handshake().channelMax();
    }

    /**
     * The negotiated {@code frame_max}.
     *
     * @return the largest frame in bytes, 0 before {@code Connection.Tune}
     */
    public int frameMax() {
        checkThread("Connection.frameMax");
        return engine.handshake().frameMax();
    }

    /**
     * The negotiated heartbeat timeout.
     *
     * @return the timeout, {@link Duration#ZERO} when heartbeats are off (or before {@code Connection.Tune})
     */
    public Duration heartbeat() {
        checkThread("Connection.heartbeat");
        return Duration.ofSeconds(engine.handshake().heartbeatSeconds());
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
        engine.callbacks().addOpen(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for when the connection cannot be opened, or {@link #close()} interrupts the opening.
     *
     * @param callback receives the connection and why
     */
    public void addOnOpenErrorCallback(BiConsumer<Connection, AmqpConnectionException> callback) {
        checkThread("Connection.addOnOpenErrorCallback");
        engine.callbacks().addOpenError(Objects.requireNonNull(callback, "callback"));
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
        engine.callbacks().addClose(Objects.requireNonNull(callback, "callback"));
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
        engine.callbacks().addBlocked(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * RabbitMQ extension: adds a callback for {@code Connection.Unblocked}: publishing may resume.
     *
     * @param callback receives the connection and the {@code Connection.Unblocked} method
     */
    public void addOnConnectionUnblockedCallback(BiConsumer<Connection, Unblocked> callback) {
        checkThread("Connection.addOnConnectionUnblockedCallback");
        engine.callbacks().addUnblocked(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for when the outbound buffer drained back to half its high watermark after going above it
     * ({@link #isWritable()} is {@code true} again).
     *
     * @param callback receives the connection
     */
    public void addOnWriteBufferDrainedCallback(Consumer<Connection> callback) {
        checkThread("Connection.addOnWriteBufferDrainedCallback");
        engine.callbacks().addDrained(Objects.requireNonNull(callback, "callback"));
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
        return engine.openChannel(0, onOpen);
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
        if (channelNumber == 0) {
            throw InvalidChannelNumberException.outOfRange(0, engine.handshake().channelMax());
        }
        return engine.openChannel(channelNumber, onOpen);
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
        engine.updateSecret(newSecret, reason, onOk, null);
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
        CompletableFuture<UpdateSecretOk> future = new CompletableFuture<>();
        engine.updateSecret(newSecret, reason, null, future);
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
        engine.close(replyCode, replyText);
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
        engine.onStreamConnected(streamTransport);
    }

    /**
     * Adapter: bytes arrived from the broker.
     *
     * @param data the bytes, from position to limit; consumed during the call
     */
    protected final void onDataReceived(ByteBuffer data) {
        engine.onDataReceived(data);
    }

    /** Adapter: the transport's write buffer fell back to its low watermark; the drained callbacks run. */
    protected final void onWriteBufferDrained() {
        engine.onWriteBufferDrained();
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
        engine.onStreamTerminated(cause);
    }

    /**
     * Adapter: asked to bring the stream down before the engine got a transport (state {@link
     * ConnectionState#INIT}): abort the connection workflow (resolution, TCP or TLS connect), then call {@link
     * #onStreamTerminated(Throwable)}, from within this call or later on the loop.
     */
    protected abstract void adapterDisconnectStream();

    /** The engine asks the adapter to abort a stream it has no transport for yet. */
    final void disconnectStream() {
        adapterDisconnectStream();
    }

    private void checkThread(String operation) {
        LoopThread.check(io, operation);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + engine.name() + ", state=" + engine.state() + ", broker="
                + engine.peer() + "]";
    }
}
