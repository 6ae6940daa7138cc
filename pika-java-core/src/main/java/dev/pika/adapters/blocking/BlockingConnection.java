package dev.pika.adapters.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ChannelClosedException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.InvalidChannelNumberException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.internal.EngineLogger;
import dev.pika.io.TimerReference;
import dev.pika.spec.Connection.Blocked;
import dev.pika.spec.Connection.Unblocked;
import dev.pika.spec.Connection.UpdateSecretOk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The procedural connection: Pika's {@code BlockingConnection}. Methods block until the broker answered; messages,
 * returns, timers and thread-safe callbacks are dispatched on the application thread, inside {@link
 * #processDataEvents}, {@link #sleep}, {@link BlockingChannel#startConsuming()} and the consume iterator.
 *
 * <pre>{@code
 * try (BlockingConnection connection = new BlockingConnection()) {     // localhost:5672, guest/guest, vhost "/"
 *     BlockingChannel channel = connection.channel();
 *     channel.queueDeclare("hello");
 *     channel.basicPublish("", "hello", "Hello World!".getBytes(StandardCharsets.UTF_8));
 *     channel.basicConsume("hello", (ch, method, properties, body) -> {
 *         System.out.println(new String(body, StandardCharsets.UTF_8));
 *         ch.basicAck(method.deliveryTag());
 *         ch.stopConsuming();
 *     });
 *     channel.startConsuming();
 * }
 * }</pre>
 *
 * <p><b>How it works.</b> Each connection has a private I/O thread ({@code pika-blocking-io-N}) running an {@link
 * dev.pika.adapters.select.IoLoop}; that thread owns the {@link SelectConnection}, its socket and its channels. A
 * blocking call hands its request to the I/O thread through the loop's lock-free queue and waits for the reply on the
 * caller's thread; what the broker sends meanwhile (messages, returns, cancellations) and what timers and other
 * threads hand in is queued for the application thread and dispatched only inside the calls named above, never
 * nested inside another blocking call (Pika's dispatch rules). Because the I/O thread keeps reading and writing,
 * heartbeats flow while the application is busy in a callback or between calls: a handler that runs for many
 * heartbeat intervals keeps its connection (unlike Pika's, where the application thread drives the socket).
 *
 * <p><b>Threading.</b> A connection serves one application thread at a time: {@link #channel()}, {@link
 * #processDataEvents}, {@link #sleep}, {@link #close()}, {@link #updateSecret} and the channels' blocking methods fail
 * fast with an {@link IllegalStateException} when another thread is inside the connection (for example in {@code
 * startConsuming}), rather than racing it; between calls the connection may pass from thread to thread. These are
 * safe from any thread at any time: {@link #addCallbackThreadsafe} (the way other threads hand work to the
 * application thread, e.g. {@code connection.addCallbackThreadsafe(() -> channel.basicAck(tag))}), {@link #callLater},
 * {@link #removeTimeout}, the blocked/unblocked callback registrations, {@link #isOpen()}, {@link #isClosed()}, the
 * capability queries, and on channels {@code basicPublish}, {@code basicPublishConfirmed}, {@code waitForConfirms},
 * {@code basicAck}, {@code basicNack}, {@code basicReject} and {@code isOpen}. See {@code docs/threading.md}.
 *
 * <p><b>Failures.</b> When the connection fails (the broker closes it, the stream breaks, heartbeats stop), the
 * blocking call in progress, or else the next call, throws the reason: {@link
 * dev.pika.exceptions.ConnectionClosedByBrokerException} (e.g. 320 when an operator closed it), {@link
 * dev.pika.exceptions.StreamLostException}, {@link dev.pika.exceptions.AmqpHeartbeatTimeoutException}...; later calls
 * throw {@link ConnectionWrongStateException}. The connection is then closed for good and its I/O thread has ended:
 * recover by creating a new one (see the {@code ConsumeRecover} example).
 */
public final class BlockingConnection implements AutoCloseable {

    private static final EngineLogger LOG = EngineLogger.get(BlockingConnection.class);

    /** The reply code of {@link #close()}: {@value}. */
    public static final int DEFAULT_CLOSE_REPLY_CODE = Connection.DEFAULT_CLOSE_REPLY_CODE;

    /** The reply text of {@link #close()}: {@value}. */
    public static final String DEFAULT_CLOSE_REPLY_TEXT = Connection.DEFAULT_CLOSE_REPLY_TEXT;

    private final EventInbox inbox = new EventInbox();
    private final ThreadGuard guard = new ThreadGuard();
    private final Dispatcher dispatcher =
            new Dispatcher(inbox, this::throwIfTerminated, new Dispatcher.RoundListener() {
                @Override
                public void roundBegins() {
                    bridge.beginDeferring();
                }

                @Override
                public void roundEnded() {
                    bridge.endDeferring();
                }

                @Override
                public void beforeWait() {
                    bridge.flushDeferred();
                }
            });
    private final CompletableFuture<AmqpConnectionException> terminated = new CompletableFuture<>();
    private final List<BiConsumer<BlockingConnection, Blocked>> blockedCallbacks = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<BlockingConnection, Unblocked>> unblockedCallbacks = new CopyOnWriteArrayList<>();
    private final LoopBridge bridge;
    private final SelectConnection impl;
    private final PublishGate gate;
    private final BodyCopies bodyCopies;
    private volatile Capabilities capabilities;
    private volatile Map<String, Object> serverProperties = Map.of();
    /** Application side: the open channels, for {@link #close}. */
    private final List<BlockingChannel> channels = new ArrayList<>();
    /** Application side: whether the connection's failure was already thrown to the application. */
    private boolean terminationReported;

    /** The server capabilities, read once when the connection opened. */
    private record Capabilities(
            boolean basicNack,
            boolean consumerCancelNotify,
            boolean exchangeExchangeBindings,
            boolean publisherConfirms) {}

    /**
     * Connects to {@code localhost:5672} as {@code guest}/{@code guest}, virtual host {@code /} ({@link
     * ConnectionParameters#defaults()}), and returns once the connection is open.
     *
     * @throws AmqpConnectionException when the connection cannot be opened (refused, authentication...)
     */
    public BlockingConnection() {
        this(ConnectionParameters.defaults());
    }

    /**
     * Connects with one parameter set and returns once the connection is open.
     *
     * @param parameters the connection parameters
     * @throws AmqpConnectionException when the connection cannot be opened
     */
    public BlockingConnection(ConnectionParameters parameters) {
        this(List.of(Objects.requireNonNull(parameters, "parameters must not be null")));
    }

    /**
     * Connects with the first parameter set that works (Pika's {@code BlockingConnection([params, ...])}): each set
     * in turn, then again after the last set's {@code retryDelay}, for the last set's {@code connectionAttempts}
     * cycles; each attempt bounded by its {@code stackTimeout}.
     *
     * @param parameters the parameter sets, in order of preference; not empty
     * @throws IllegalArgumentException when the list is empty
     * @throws AmqpConnectionException when no attempt succeeded: the last attempt's failure, the earlier ones attached
     *     as suppressed exceptions
     */
    public BlockingConnection(List<ConnectionParameters> parameters) {
        Objects.requireNonNull(parameters, "parameters must not be null");
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must not be empty: give at least one ConnectionParameters"
                    + " (or use new BlockingConnection() for the defaults)");
        }
        if (parameters.stream().anyMatch(Objects::isNull)) {
            throw new NullPointerException("parameters must not contain null: " + parameters);
        }
        List<ConnectionParameters> configs = List.copyOf(parameters);
        this.bridge = new LoopBridge(this::onTerminated);
        inbox.batchWakeUpsOn(bridge.loop()::addCallbackThreadsafe);
        CompletableFuture<SelectConnection> opened = new CompletableFuture<>();
        CompletableFuture<SelectConnection> ready = new CompletableFuture<>();
        opened.whenComplete((connection, error) -> {
            if (error != null) {
                ready.completeExceptionally(error);
            } else {
                try {
                    onOpened(connection);
                    ready.complete(connection);
                } catch (RuntimeException e) {
                    ready.completeExceptionally(e);
                }
            }
        });
        try {
            bridge.submit(
                    opened,
                    () -> new ConnectionOpener(configs, bridge.loop(), this::onConnectionClosed, opened).start());
            this.impl = bridge.await(ready);
        } catch (RuntimeException e) {
            bridge.shutDown(
                    e instanceof AmqpConnectionException amqp
                            ? amqp
                            : new AmqpConnectionException("The connection could not be opened: " + e, e));
            throw e;
        }
        ConnectionParameters connected = impl.parameters();
        this.gate = new PublishGate(
                connected.writeBufferHighWatermark(),
                connected.blockedConnectionTimeout().orElse(null));
        this.bodyCopies =
                new BodyCopies(BodyCopies.IDLE_BOUND_IN_HIGH_WATERMARKS * connected.writeBufferHighWatermark());
        LOG.debug("BlockingConnection {} open", impl.name());
    }

    /** The I/O thread: the connection opened; forward its events to the application side. */
    private void onOpened(SelectConnection connection) {
        capabilities = new Capabilities(
                connection.basicNackSupported(),
                connection.consumerCancelNotifySupported(),
                connection.exchangeExchangeBindingsSupported(),
                connection.publisherConfirmsSupported());
        serverProperties = connection.serverProperties();
        connection.addOnConnectionBlockedCallback(
                (blockedConnection, method) -> inbox.offer(new Event.Callback(() -> fireBlocked(method))));
        connection.addOnConnectionUnblockedCallback(
                (unblockedConnection, method) -> inbox.offer(new Event.Callback(() -> fireUnblocked(method))));
        connection.addOnWriteBufferDrainedCallback(drained -> {
            PublishGate current = gate;
            if (current != null) {
                current.drained();
            }
        });
    }

    /** The I/O thread: the open connection closed, for whatever reason. */
    private void onConnectionClosed(Connection connection, AmqpConnectionException reason) {
        if (closedOnRequest(reason)) {
            LOG.info("BlockingConnection {} closed: {}", connection.name(), reason.getMessage());
        } else {
            LOG.warn("BlockingConnection {} lost: {}", connection.name(), reason.toString());
        }
        bridge.terminate(reason);
    }

    /** The I/O thread, once: wake the application thread and the waiting publishers. */
    private void onTerminated() {
        AmqpConnectionException reason = bridge.terminatedReason();
        PublishGate current = gate;
        if (current != null) {
            current.close(reason);
        }
        inbox.offer(new Event.ConnectionClosed(reason));
        terminated.complete(reason);
    }

    // ------------------------------------------------------------------------------------------------
    // Package-private plumbing for the channels

    LoopBridge bridge() {
        return bridge;
    }

    ThreadGuard guard() {
        return guard;
    }

    EventInbox inbox() {
        return inbox;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    PublishGate gate() {
        return gate;
    }

    /** The copies of published bodies, shared by the connection's channels. */
    BodyCopies bodyCopies() {
        return bodyCopies;
    }

    SelectConnection impl() {
        return impl;
    }

    void forget(BlockingChannel channel) {
        channels.remove(channel);
    }

    /**
     * The application thread: throws the connection's failure the first time it is observed (Pika raises it from the
     * blocking call that sees it), {@link ConnectionWrongStateException} afterwards and after a client close.
     */
    void throwIfTerminated() {
        AmqpConnectionException reason = bridge.terminatedReason();
        if (reason == null) {
            return;
        }
        dispatcher.drain(); // routes the channels' closes: they count as seen from now on
        dispatcher.clear();
        if (!terminationReported && !closedOnRequest(reason)) {
            terminationReported = true;
            throw reason;
        }
        throw LoopBridge.closed(reason);
    }

    /**
     * Whether the connection ended because a {@code close} asked for it, rather than failing: a client close, except
     * the one the engine sends when the broker broke the protocol ({@code ConnectionClosedByClientException} 501..506
     * caused by a {@link ProtocolSyntaxException}), which the application did not ask for and must see.
     */
    private static boolean closedOnRequest(AmqpConnectionException reason) {
        return reason instanceof ConnectionClosedByClientException
                && !(reason.getCause() instanceof ProtocolSyntaxException);
    }

    /** The application thread: waits for an I/O-side result; a connection failure counts as observed. */
    <T> T await(CompletableFuture<T> future) {
        try {
            return bridge.await(future);
        } catch (AmqpConnectionException e) {
            if (e == bridge.terminatedReason()) {
                terminationReported = true;
            }
            throw e;
        }
    }

    private <T> T guarded(String operation, Supplier<T> body) {
        bridge.checkNotIoThread(); // a stage of a confirmation future: the call would wait for its own thread
        guard.enter(operation);
        try {
            return body.get();
        } finally {
            guard.exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // State (any thread)

    /**
     * Whether the connection is open. Any thread.
     *
     * @return {@code true} until it starts closing or fails
     */
    public boolean isOpen() {
        return bridge.terminatedReason() == null && impl.isOpen();
    }

    /**
     * Whether the connection is closed. Any thread.
     *
     * @return {@code true} once closed, by the client or by a failure (the reason is then what the next blocking
     *     call throws)
     */
    public boolean isClosed() {
        return bridge.terminatedReason() != null;
    }

    /**
     * The connection's name ({@link ConnectionParameters#connectionName()}, or host, port and a sequence number). Any
     * thread.
     *
     * @return the name
     */
    public String name() {
        return impl.name();
    }

    /**
     * The parameter set the connection was opened with (one of the list's, for failover). Any thread.
     *
     * @return the parameters
     */
    public ConnectionParameters parameters() {
        return impl.parameters();
    }

    /**
     * The server properties the broker sent in {@code Connection.Start} (product, version, platform, capabilities...),
     * read once when the connection opened. Any thread.
     *
     * @return an unmodifiable table
     */
    public Map<String, Object> serverProperties() {
        return serverProperties;
    }

    /**
     * Whether the server supports {@code Basic.Nack} (Pika's {@code basic_nack_supported}). Any thread.
     *
     * @return the {@code basic.nack} capability
     */
    public boolean basicNackSupported() {
        return capabilities.basicNack();
    }

    /**
     * Whether the server notifies consumers it cancels (Pika's {@code consumer_cancel_notify_supported}). Any thread.
     *
     * @return the {@code consumer_cancel_notify} capability
     */
    public boolean consumerCancelNotifySupported() {
        return capabilities.consumerCancelNotify();
    }

    /**
     * Whether the server supports exchange-to-exchange bindings (Pika's {@code
     * exchange_exchange_bindings_supported}). Any thread.
     *
     * @return the {@code exchange_exchange_bindings} capability
     */
    public boolean exchangeExchangeBindingsSupported() {
        return capabilities.exchangeExchangeBindings();
    }

    /**
     * Whether the server supports publisher confirms (Pika's {@code publisher_confirms_supported}). Any thread.
     *
     * @return the {@code publisher_confirms} capability
     */
    public boolean publisherConfirmsSupported() {
        return capabilities.publisherConfirms();
    }

    // ------------------------------------------------------------------------------------------------
    // Callbacks, timers, hand-over from other threads (any thread)

    /**
     * RabbitMQ extension: adds a callback for {@code Connection.Blocked} (the broker runs low on memory or disk and
     * stops reading from publishing connections). It runs on the application thread when dispatched. While blocked,
     * publishes wait once the outbound buffer is full; set {@code blockedConnectionTimeout} to bound that. Any thread.
     *
     * @param callback receives this connection and the {@code Connection.Blocked} method (with its reason)
     */
    public void addOnConnectionBlockedCallback(BiConsumer<BlockingConnection, Blocked> callback) {
        blockedCallbacks.add(Objects.requireNonNull(callback, "callback must not be null"));
    }

    /**
     * RabbitMQ extension: adds a callback for {@code Connection.Unblocked}. It runs on the application thread when
     * dispatched. Any thread.
     *
     * @param callback receives this connection and the {@code Connection.Unblocked} method
     */
    public void addOnConnectionUnblockedCallback(BiConsumer<BlockingConnection, Unblocked> callback) {
        unblockedCallbacks.add(Objects.requireNonNull(callback, "callback must not be null"));
    }

    private void fireBlocked(Blocked method) {
        for (BiConsumer<BlockingConnection, Blocked> callback : blockedCallbacks) {
            callback.accept(this, method);
        }
    }

    private void fireUnblocked(Unblocked method) {
        for (BiConsumer<BlockingConnection, Unblocked> callback : unblockedCallbacks) {
            callback.accept(this, method);
        }
    }

    /**
     * Requests a call of {@code callback} on the application thread (Pika's {@code add_callback_threadsafe}): it runs
     * inside the next {@link #processDataEvents}, {@link #sleep}, {@link BlockingChannel#startConsuming()} or consume
     * iteration, in the order callbacks were added. This is how other threads hand work to the connection, e.g. a
     * worker acknowledging the message it processed. Any thread; lock-free, and it wakes the application thread at
     * most once per batch.
     *
     * @param callback what to run on the application thread
     * @throws ConnectionWrongStateException when the connection is closed
     */
    public void addCallbackThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        AmqpConnectionException reason = bridge.terminatedReason();
        if (reason != null) {
            throw new ConnectionWrongStateException(
                    "BlockingConnection.addCallbackThreadsafe() called on a closed connection: " + reason.getMessage(),
                    reason);
        }
        inbox.offer(new Event.Callback(callback));
    }

    /**
     * Creates a one-shot timer (Pika's {@code call_later}): after {@code delay} the callback runs on the application
     * thread, inside the next {@link #processDataEvents}, {@link #sleep}, {@link BlockingChannel#startConsuming()} or
     * consume iteration. Any thread.
     *
     * @param delay how long from now
     * @param callback what to run
     * @return the timer, for {@link #removeTimeout} (or its own {@code cancel()})
     * @throws ConnectionWrongStateException when the connection is closed
     */
    public TimerReference callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, but was " + delay);
        }
        BlockingTimer timer = new BlockingTimer(callback);
        bridge.execute(() -> {
            if (!timer.isCancelled()) {
                timer.scheduled(bridge.loop().callLater(delay, () -> inbox.offer(new Event.Callback(timer::fire))));
            }
        });
        return timer;
    }

    /**
     * Cancels a timer of {@link #callLater} (Pika's {@code remove_timeout}); when it already expired and its callback
     * waits for dispatch, the callback does not run. Idempotent. Any thread.
     *
     * @param timer the timer
     */
    public void removeTimeout(TimerReference timer) {
        Objects.requireNonNull(timer, "timer must not be null").cancel();
    }

    // ------------------------------------------------------------------------------------------------
    // Event processing (application thread)

    /**
     * Waits until at least one event arrived and dispatches what is ready (Pika's {@code
     * process_data_events(time_limit=None)}); {@code processDataEvents(null)}. Pika's default argument is 0: use
     * {@code processDataEvents(Duration.ZERO)} to only dispatch what is ready, without waiting.
     *
     * @see #processDataEvents(Duration)
     */
    public void processDataEvents() {
        processDataEvents(null);
    }

    /**
     * Dispatches the events that are ready (Pika's {@code process_data_events(time_limit)}): messages to their
     * consumers' callbacks, returns, cancellations, timers and {@link #addCallbackThreadsafe} callbacks. It waits at
     * most {@code timeLimit} for something to happen and returns as soon as it dispatched a round of events (or
     * something arrived for the consume iterator); zero only dispatches what is ready. Called from inside a callback it
     * dispatches nothing (no recursion) and only waits. It returns early when the calling thread is interrupted (the
     * interrupt status stays set).
     *
     * @param timeLimit the longest to wait; {@code null} waits until at least one event arrived (Pika's {@code
     *     time_limit=None})
     * @throws dev.pika.exceptions.AmqpConnectionException when the connection failed (its reason, once; then {@link
     *     ConnectionWrongStateException})
     */
    public void processDataEvents(Duration timeLimit) {
        if (timeLimit != null && timeLimit.isNegative()) {
            throw new IllegalArgumentException("timeLimit must not be negative, but was " + timeLimit
                    + " (use null to wait until an event arrives)");
        }
        guarded("BlockingConnection.processDataEvents", () -> {
            throwIfTerminated();
            long deadline = timeLimit == null ? EventInbox.NO_DEADLINE : deadline(timeLimit);
            long before = dispatcher.routedCount();
            dispatcher.runOnce(deadline, () -> dispatcher.routedCount() != before);
            return null;
        });
    }

    /**
     * Waits for {@code duration} while dispatching events (Pika's {@code sleep}): use it instead of {@link
     * Thread#sleep} on the application thread so that callbacks keep running. It returns early when the calling
     * thread is interrupted (the interrupt status stays set).
     *
     * @param duration how long
     */
    public void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, but was " + duration);
        }
        guarded("BlockingConnection.sleep", () -> {
            throwIfTerminated();
            long deadline = deadline(duration);
            Thread current = Thread.currentThread();
            do {
                dispatcher.runOnce(deadline, () -> false);
            } while (deadline - System.nanoTime() > 0 && !current.isInterrupted());
            return null;
        });
    }

    private static long deadline(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return EventInbox.NO_DEADLINE;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline == EventInbox.NO_DEADLINE ? deadline - 1 : deadline;
    }

    // ------------------------------------------------------------------------------------------------
    // Channels and secrets (application thread)

    /**
     * Opens a channel with the lowest free number and returns once it is open.
     *
     * @return the channel
     * @throws dev.pika.exceptions.NoFreeChannelsException when {@code channel_max} channels are open
     */
    public BlockingChannel channel() {
        return openChannel(0);
    }

    /**
     * Opens a channel with the given number (Pika's {@code channel(channel_number)}; letting the connection choose is
     * recommended) and returns once it is open.
     *
     * @param channelNumber 1 to the negotiated {@code channel_max}, not in use
     * @return the channel
     * @throws InvalidChannelNumberException when the number is out of range or in use
     */
    public BlockingChannel channel(int channelNumber) {
        if (channelNumber <= 0) {
            throw new InvalidChannelNumberException(
                    channelNumber,
                    "channelNumber must be 1 or more (or use channel() to let the connection choose), but was "
                            + channelNumber);
        }
        return openChannel(channelNumber);
    }

    private BlockingChannel openChannel(int number) {
        return guarded("BlockingConnection.channel", () -> {
            throwIfTerminated();
            BlockingChannel channel = new BlockingChannel(this);
            CompletableFuture<Channel> opened = new CompletableFuture<>();
            bridge.submit(opened, () -> {
                Channel created = number == 0 ? impl.channel(opened::complete) : impl.channel(number, opened::complete);
                channel.attach(created);
                created.addOnCloseCallback((closed, reason) -> opened.completeExceptionally(reason));
            });
            await(opened);
            channels.add(channel);
            return channel;
        });
    }

    /**
     * RabbitMQ extension: replaces the secret the connection authenticated with (e.g. a refreshed OAuth 2 token)
     * without reconnecting, and returns once the broker accepted it.
     *
     * @param newSecret the new secret
     * @param reason why, for the broker's log
     * @return the broker's {@code Connection.UpdateSecretOk}
     */
    public UpdateSecretOk updateSecret(String newSecret, String reason) {
        Objects.requireNonNull(newSecret, "newSecret must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        return guarded("BlockingConnection.updateSecret", () -> {
            throwIfTerminated();
            CompletableFuture<UpdateSecretOk> result = new CompletableFuture<>();
            bridge.submit(
                    result,
                    () -> impl.updateSecret(newSecret, reason).whenComplete((ok, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(ok);
                        }
                    }));
            return await(result);
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Closes the connection with {@code 200 "Normal shutdown"} when it is open (see {@link #close(int, String)}); when
     * it is already closed (or failed), only makes sure its I/O thread has ended. Never throws for a closed
     * connection, so that try-with-resources does not mask the exception that ended the block.
     */
    @Override
    public void close() {
        if (isOpen()) {
            close(DEFAULT_CLOSE_REPLY_CODE, DEFAULT_CLOSE_REPLY_TEXT);
        } else {
            bridge.join();
        }
    }

    /**
     * Closes the connection (Pika's {@code close}): closes its open channels first (cancelling their consumers and
     * requeueing the messages not yet dispatched), then the connection, and returns once the broker confirmed and the
     * I/O thread has ended.
     *
     * @param replyCode the reply code
     * @param replyText the reply text
     * @throws ConnectionWrongStateException when the connection is not open
     * @throws AmqpConnectionException when the connection failed while closing (its reason)
     */
    public void close(int replyCode, String replyText) {
        Objects.requireNonNull(replyText, "replyText must not be null");
        guarded("BlockingConnection.close", () -> {
            if (!isOpen()) {
                throw new ConnectionWrongStateException("BlockingConnection.close(" + replyCode + ", '" + replyText
                        + "') called on a connection that is not open: " + impl);
            }
            LOG.info("Closing BlockingConnection {} ({}): {}", impl.name(), replyCode, replyText);
            for (BlockingChannel channel : List.copyOf(channels)) {
                if (channel.isOpen()) {
                    try {
                        channel.close(replyCode, replyText);
                    } catch (ChannelClosedException e) {
                        LOG.warn("Channel {} was closed while the connection closed it: {}", channel, e.toString());
                    }
                }
            }
            CompletableFuture<Void> requested = new CompletableFuture<>();
            bridge.submit(requested, () -> {
                impl.close(replyCode, replyText);
                requested.complete(null);
            });
            await(requested);
            AmqpConnectionException reason = terminated.join();
            terminationReported = true;
            channels.clear();
            dispatcher.clear();
            bridge.join();
            if (!closedOnRequest(reason)) {
                throw reason;
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "BlockingConnection[" + (impl == null ? "opening" : impl.toString()) + "]";
    }
}
