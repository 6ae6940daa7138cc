package dev.pika.adapters.blocking;

import dev.pika.BasicProperties;
import dev.pika.OnMessageCallback;
import dev.pika.OnReturnCallback;
import dev.pika.channel.Channel;
import dev.pika.channel.GetResult;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.ReentrancyException;
import dev.pika.exceptions.WaitForConfirmsTimeoutException;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import dev.pika.spec.Exchange;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A channel of a {@link BlockingConnection}: Pika's {@code BlockingChannel}. Every method that the broker answers
 * blocks until the answer arrives and returns it ({@code queueDeclare} returns {@code Queue.DeclareOk}...); messages
 * are consumed with callbacks ({@link #basicConsume} then {@link #startConsuming()}) or with the consume iterator
 * ({@link #consume}).
 *
 * <pre>{@code
 * try (BlockingConnection connection = new BlockingConnection();
 *         BlockingChannel channel = connection.channel()) {
 *     channel.queueDeclare("hello");
 *     channel.basicPublish("", "hello", "Hello World!".getBytes(StandardCharsets.UTF_8));
 *     for (Delivery delivery : channel.consume("hello", Duration.ofSeconds(5))) {
 *         if (delivery.isEmpty()) {
 *             break;
 *         }
 *         System.out.println(new String(delivery.body(), StandardCharsets.UTF_8));
 *         channel.basicAck(delivery.deliveryTag());
 *     }
 *     channel.cancel();
 * }
 * }</pre>
 *
 * <p><b>Dispatch.</b> Message, return and cancel callbacks run on the application thread, only inside {@link
 * BlockingConnection#processDataEvents}, {@link #startConsuming()} and the consume iterator, never nested inside
 * another blocking call: a blocking call waiting for its reply queues what arrives meanwhile. Calling {@link
 * #startConsuming()} from inside a callback throws {@link ReentrancyException}; what a callback throws propagates out
 * of the call that dispatched it (the remaining events stay queued).
 *
 * <p><b>Publishing.</b> {@link #basicPublish} copies the body and hands the message to the connection's I/O thread
 * without waiting for it (no round trip per publish); when the connection's outbound buffer is above its high
 * watermark it blocks until the broker has taken enough (at most {@code blockedConnectionTimeout} when set, then
 * {@link dev.pika.exceptions.ConnectionBlockedTimeoutException}). After {@link #confirmDelivery()} there are two
 * forms of confirmed publishing, which may be mixed on one channel:
 *
 * <ul>
 *   <li>Pika's: every {@link #basicPublish} returns only once the broker confirmed its message, and throws {@link
 *       dev.pika.exceptions.NackException} when the broker nacked it or {@link dev.pika.exceptions.UnroutableException}
 *       when it returned a mandatory message. One round trip per message.
 *   <li>Pipelined (beyond Pika): {@link #basicPublishConfirmed} hands the message over like {@code basicPublish}
 *       without confirms and returns a {@link CompletableFuture} of its confirmation; publish as many as you like
 *       (bound them yourself, e.g. with a {@link java.util.concurrent.Semaphore} released when a future completes)
 *       and let the futures settle as the broker answers, one or {@code multiple} at a time, or wait for all of them
 *       with {@link #waitForConfirms(Duration)}. The futures are completed on the connection's I/O thread: see
 *       {@link #basicPublishConfirmed(String, String, byte[], BasicProperties, boolean)} for what may run there.
 * </ul>
 *
 * <pre>{@code
 * channel.confirmDelivery();
 * Semaphore window = new Semaphore(500);
 * for (byte[] body : bodies) {
 *     window.acquireUninterruptibly();
 *     channel.basicPublishConfirmed("", "orders", body).whenComplete((ok, error) -> window.release());
 * }
 * channel.waitForConfirms(Duration.ofSeconds(30)); // throws the first NackException/UnroutableException, if any
 * }</pre>
 *
 * <p><b>Failures.</b> When the broker closes the channel ({@code Channel.Close}, e.g. 404 for a missing queue), the
 * blocking call that is waiting, or else the next one, throws {@link ChannelClosedByBrokerException}; later calls
 * throw {@link ChannelWrongStateException}. When the connection fails, calls throw its reason (see {@link
 * BlockingConnection}).
 *
 * <p><b>Threading.</b> These methods are safe from any thread, at any time: {@link #basicPublish} (in confirm mode
 * the publishing thread waits for its own confirmation), {@link #basicPublishConfirmed} (never waits for the broker),
 * {@link #waitForConfirms} (waits for the confirmations only, not for the connection's application thread), {@link
 * #basicAck}, {@link #basicNack}, {@link #basicReject}
 * (handed to the I/O thread in order; one racing a channel close that the application has not seen yet is dropped, as
 * the broker requeues such messages anyway), {@link #isOpen()}, {@link #isClosed()}, {@link #channelNumber()}, {@link #connection()}, {@link
 * #addOnReturnCallback} and {@link #addOnCancelCallback}. Every other method serves one application thread at a time
 * (the connection's rule, see {@link BlockingConnection}): called from another thread while a thread is inside the
 * connection (for example in {@link #startConsuming()}), it fails fast with an {@link IllegalStateException} instead
 * of disturbing it; hand such work over with {@code connection.addCallbackThreadsafe(() -> ...)}.
 */
public final class BlockingChannel implements AutoCloseable {

    private static final EngineLogger LOG = EngineLogger.get(BlockingChannel.class);

    /** The reply code of {@link #close()}, Pika's default: {@value}. */
    public static final int DEFAULT_CLOSE_REPLY_CODE = 0;

    /** The reply text of {@link #close()}, Pika's default: {@value}. */
    public static final String DEFAULT_CLOSE_REPLY_TEXT = "Normal shutdown";

    /** The exchange type of the short {@code exchangeDeclare} forms, Pika's default: {@value}. */
    public static final String DEFAULT_EXCHANGE_TYPE = "direct";

    private final BlockingConnection connection;
    private final LoopBridge bridge;
    private final ThreadGuard guard;
    private final EventInbox inbox;
    private final ChannelConsumers consumers;
    private final ChannelPublisher publisher;
    private final CompletableFuture<AmqpException> closed = new CompletableFuture<>();
    private final List<OnReturnCallback<BlockingChannel>> returnCallbacks = new CopyOnWriteArrayList<>();
    private final List<Consumer<Basic.Cancel>> cancelCallbacks = new CopyOnWriteArrayList<>();

    /** The engine's channel: written once on the I/O thread before the channel is handed to the application. */
    private volatile Channel impl;

    private volatile AmqpException closeReason;
    private volatile boolean confirmMode;
    /** Application side: whether a broker close was already thrown to the application. */
    private boolean closeReported;
    /**
     * Whether the application has seen the channel closed (the close was dispatched to it, reported by an exception,
     * or asked for by it); written by the application thread, read by any.
     */
    private volatile boolean closeSeen;

    BlockingChannel(BlockingConnection connection) {
        this.connection = connection;
        this.bridge = connection.bridge();
        this.guard = connection.guard();
        this.inbox = connection.inbox();
        this.consumers = new ChannelConsumers(this, connection.dispatcher(), bridge, inbox);
        this.publisher = new ChannelPublisher(bridge, connection.gate(), connection.bodyCopies(), connection.impl());
    }

    /** The I/O thread: links the engine's channel and forwards its events to the application side. */
    void attach(Channel channel) {
        impl = channel;
        channel.addOnCloseCallback((closedChannel, reason) -> {
            closeReason = reason;
            closed.complete(reason);
            inbox.offer(new Event.ChannelClosed(this, reason));
        });
        channel.addOnReturnCallback((returnedOn, method, properties, body) ->
                inbox.offer(new Event.Returned(this, method, properties, body)));
        channel.addOnCancelCallback(method -> inbox.offer(new Event.BrokerCancel(this, method)));
    }

    Channel impl() {
        return impl;
    }

    // ------------------------------------------------------------------------------------------------
    // State (any thread)

    /**
     * The channel number. Any thread.
     *
     * @return the number, 1 to the connection's {@code channel_max}
     */
    public int channelNumber() {
        return impl.channelNumber();
    }

    /**
     * The channel's connection. Any thread.
     *
     * @return the connection
     */
    public BlockingConnection connection() {
        return connection;
    }

    /**
     * Whether the channel is open. Any thread.
     *
     * @return {@code true} until the channel starts closing
     */
    public boolean isOpen() {
        return impl.isOpen();
    }

    /**
     * Whether the channel is closed. Any thread.
     *
     * @return {@code true} once closed, by the client, the broker or the connection's end
     */
    public boolean isClosed() {
        return impl.isClosed();
    }

    /**
     * The tags of the channel's consumers, the consume iterator's included (Pika's {@code consumer_tags}).
     *
     * @return an unmodifiable copy
     */
    public List<String> consumerTags() {
        return guarded("BlockingChannel.consumerTags", consumers::tags);
    }

    /**
     * Whether {@link #confirmDelivery()} turned publisher confirms on. Any thread.
     *
     * @return {@code true} in confirm mode
     */
    public boolean isConfirmMode() {
        return confirmMode;
    }

    // ------------------------------------------------------------------------------------------------
    // Callbacks (any thread)

    /**
     * Adds a callback for {@code Basic.Cancel} sent by the broker (consumer cancel notification: the queue was
     * deleted, its node failed...). It runs on the application thread when the cancellation is dispatched; the
     * consumer is forgotten then. Any thread.
     *
     * @param callback receives the broker's {@code Basic.Cancel}
     */
    public void addOnCancelCallback(Consumer<Basic.Cancel> callback) {
        cancelCallbacks.add(Objects.requireNonNull(callback, "callback must not be null"));
    }

    /**
     * Adds a callback for messages the broker returned ({@code Basic.Return}: a mandatory message it could not
     * route). It runs on the application thread when dispatched. In confirm mode the publisher also gets an {@link
     * dev.pika.exceptions.UnroutableException}. Any thread.
     *
     * @param callback receives this channel, the {@code Basic.Return}, the properties and the body
     */
    public void addOnReturnCallback(OnReturnCallback<BlockingChannel> callback) {
        returnCallbacks.add(Objects.requireNonNull(callback, "callback must not be null"));
    }

    // ------------------------------------------------------------------------------------------------
    // Publishing (any thread)

    /**
     * Publishes a message: {@code basicPublish(exchange, routingKey, body, null, false)}.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; copied, so the array may be reused once the call returns
     */
    public void basicPublish(String exchange, String routingKey, byte[] body) {
        basicPublish(exchange, routingKey, body, null, false);
    }

    /**
     * Publishes a message with properties: {@code basicPublish(exchange, routingKey, body, properties, false)}.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; copied
     * @param properties the message properties, or {@code null}
     */
    public void basicPublish(String exchange, String routingKey, byte[] body, BasicProperties properties) {
        basicPublish(exchange, routingKey, body, properties, false);
    }

    /**
     * Publishes a message (Pika's {@code basic_publish}). Any thread.
     *
     * <p>Without publisher confirms the message is handed to the I/O thread and the call returns: it does not wait
     * for the network, but it does wait while the connection's outbound buffer is above its high watermark
     * (back-pressure). In confirm mode ({@link #confirmDelivery()}) the call returns once the broker acknowledged
     * this message. Messages published from one thread go out in the order of the calls.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; the array may be reused once the call returns (without confirms it is copied; in confirm
     *     mode the call returns after the message was written, so no copy is needed)
     * @param properties the message properties, or {@code null} for none
     * @param mandatory whether the broker must return the message ({@code Basic.Return}) when it cannot route it
     * @throws dev.pika.exceptions.NackException in confirm mode, when the broker nacked the message
     * @throws dev.pika.exceptions.UnroutableException in confirm mode, when the broker returned the mandatory message
     * @throws ChannelWrongStateException when the channel is closed
     * @throws dev.pika.exceptions.ConnectionBlockedTimeoutException when the outbound buffer stayed full for longer
     *     than {@code blockedConnectionTimeout} (the message was not sent)
     * @throws dev.pika.exceptions.ShortStringTooLongException when the exchange or routing key is longer than 255
     *     UTF-8 bytes
     */
    public void basicPublish(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(exchange, "exchange must not be null (use \"\" for the default exchange)");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        Objects.requireNonNull(body, "body must not be null (use new byte[0] for an empty body)");
        Channel channel = requireOpenAnyThread();
        publisher.publish(channel, confirmMode, exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Publishes a message in confirm mode without waiting for its confirmation: {@code basicPublishConfirmed(exchange,
     * routingKey, body, null, false)}.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; copied, so the array may be reused once the call returns
     * @return the message's confirmation (see {@link #basicPublishConfirmed(String, String, byte[], BasicProperties,
     *     boolean)})
     */
    public CompletableFuture<Void> basicPublishConfirmed(String exchange, String routingKey, byte[] body) {
        return basicPublishConfirmed(exchange, routingKey, body, null, false);
    }

    /**
     * Publishes a message with properties in confirm mode without waiting for its confirmation: {@code
     * basicPublishConfirmed(exchange, routingKey, body, properties, false)}.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; copied
     * @param properties the message properties, or {@code null}
     * @return the message's confirmation (see {@link #basicPublishConfirmed(String, String, byte[], BasicProperties,
     *     boolean)})
     */
    public CompletableFuture<Void> basicPublishConfirmed(
            String exchange, String routingKey, byte[] body, BasicProperties properties) {
        return basicPublishConfirmed(exchange, routingKey, body, properties, false);
    }

    /**
     * Publishes a message in confirm mode and returns the future of its confirmation at once, without waiting for
     * the broker: pipelined publisher confirms, an addition beyond Pika (whose blocking channel waits for every
     * confirmation). Any thread.
     *
     * <p>The body is copied on the calling thread, and the message is handed to the I/O thread exactly as {@link
     * #basicPublish} does without confirms: with the same back-pressure (the call blocks while the connection's
     * outbound side is above its high watermark), in call order with the calling thread's other publishes and
     * acknowledgements. It goes through the same confirm bookkeeping as the waiting {@code basicPublish}, so both
     * forms may be mixed on one channel.
     *
     * <p>The future completes normally when the broker acks the message. It fails with {@link
     * dev.pika.exceptions.NackException} when the broker nacks it, with {@link dev.pika.exceptions.UnroutableException}
     * when the broker returned the mandatory message (then acked it), and with the channel's or the connection's
     * close reason when either closes before the confirmation arrives, including a message the I/O thread never got
     * to send because the connection died first: no future is left pending. Each failure is also kept for the next
     * {@link #waitForConfirms}.
     *
     * <p><b>Where dependent stages run.</b> The future is completed on the connection's I/O thread, so stages added
     * with the non-async methods ({@code thenRun}, {@code whenComplete}...) before it completes run on the I/O thread:
     * they must be short and must not block (no blocking call of this connection, no waiting for another future
     * of it), or they stall the connection, its heartbeats included. Releasing a semaphore or counting is fine; for
     * anything longer use the {@code ...Async} methods with an executor of your own. From such a stage, the calls that never wait
     * for the I/O thread work ({@code basicPublishConfirmed} itself, which then skips back-pressure, {@code
     * basicPublish} without confirms, {@code basicAck}...), and every waiting call ({@code waitForConfirms}, the waiting
     * {@code basicPublish}, {@code queueDeclare}...) throws {@link IllegalStateException} instead of deadlocking.
     * {@code join()} and {@code get()} may be called from any other thread. Cancelling or completing the future does
     * not withdraw the message.
     *
     * @param exchange the exchange ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the body; copied, so the array may be reused once the call returns
     * @param properties the message properties, or {@code null} for none
     * @param mandatory whether the broker must return the message ({@code Basic.Return}) when it cannot route it; the
     *     return is also dispatched to the {@link #addOnReturnCallback return callbacks} on the application thread
     * @return the message's confirmation, completed on the I/O thread
     * @throws ChannelWrongStateException when the channel is not in confirm mode (call {@link #confirmDelivery()}
     *     first) or is closed; nothing was sent
     * @throws dev.pika.exceptions.ConnectionWrongStateException when the connection is closed; nothing was sent
     * @throws dev.pika.exceptions.ConnectionBlockedTimeoutException when the outbound buffer stayed full for longer
     *     than {@code blockedConnectionTimeout}; nothing was sent
     * @throws dev.pika.exceptions.ShortStringTooLongException when the exchange or routing key is longer than 255
     *     UTF-8 bytes
     */
    public CompletableFuture<Void> basicPublishConfirmed(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(exchange, "exchange must not be null (use \"\" for the default exchange)");
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        Objects.requireNonNull(body, "body must not be null (use new byte[0] for an empty body)");
        Channel channel = requireOpenAnyThread();
        requireConfirmMode(channel, "basicPublishConfirmed");
        return publisher.publishPipelined(channel, exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Waits until every message published on this channel in confirm mode before the call is confirmed, and throws
     * the first failure of a {@link #basicPublishConfirmed} publish since the previous {@code waitForConfirms}: an
     * addition beyond Pika, the RabbitMQ Java client's {@code waitForConfirmsOrDie(timeout)} without closing the
     * channel. Any thread; it waits for the broker's confirmations only, not for the connection's application thread,
     * so a worker may call it while another thread is in {@link #startConsuming()}.
     *
     * <p>"Before the call" covers the calling thread's earlier publishes, both forms, and every publish another
     * thread handed in before this call's request reached the I/O thread; publishes made meanwhile are not waited
     * for. The broker may confirm in any order; the wait ends when the last of those messages is settled. A failure
     * is reported once: by the first {@code waitForConfirms} that finishes after it happened (also when it belongs
     * to a publish made meanwhile, or to another thread's publish), and always by the message's own future. The
     * waiting {@link #basicPublish} throws its own failures and does not keep them here. The wait is not
     * interruptible (as every wait for a reply): it ends with the confirmations, the timeout or the connection's
     * failure.
     *
     * @param timeout the longest wait for the confirmations, counted once the I/O thread took the request; {@link
     *     Duration#ZERO} only looks
     * @throws dev.pika.exceptions.NackException when a pipelined message was nacked (the first failure since the
     *     previous call; the message's future says which message)
     * @throws dev.pika.exceptions.UnroutableException when a mandatory pipelined message was returned
     * @throws WaitForConfirmsTimeoutException when messages published before the call were still unconfirmed after
     *     {@code timeout}; they may still be confirmed
     * @throws ChannelWrongStateException when the channel is not in confirm mode (call {@link #confirmDelivery()}
     *     first), or is closed with nothing left to report; when it closed with publishes outstanding, its close reason
     *     (the first failure) is thrown instead
     * @throws dev.pika.exceptions.AmqpConnectionException when the connection failed (its reason) or is closed
     * @throws IllegalStateException when called on the connection's I/O thread (from a non-async dependent stage of a
     *     confirmation future), where it would wait for itself
     */
    public void waitForConfirms(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        bridge.checkNotIoThread();
        Channel channel = impl;
        requireConfirmMode(channel, "waitForConfirms");
        OutstandingConfirms outstanding = publisher.outstanding();
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<Void> registered = new CompletableFuture<>();
        bridge.submit(registered, () -> {
            outstanding.barrier(settled);
            registered.complete(null);
        });
        bridge.await(registered); // one hand-over to the I/O thread, as every call makes; then the timeout counts
        if (!bridge.await(settled, timeout)) {
            throw new WaitForConfirmsTimeoutException(channel.channelNumber(), timeout);
        }
        Throwable failure = outstanding.takeFailure();
        if (failure != null) {
            throw LoopBridge.rethrow(failure);
        }
        if (!channel.isOpen()) {
            throw wrongState(channel);
        }
    }

    private void requireConfirmMode(Channel channel, String operation) {
        if (!confirmMode) {
            throw new ChannelWrongStateException(operation + " needs publisher confirms on channel "
                    + channel.channelNumber() + ": call channel.confirmDelivery() first");
        }
    }

    /**
     * Turns on publisher confirms (Pika's {@code confirm_delivery}): from now on every {@link #basicPublish} returns
     * only once the broker confirmed its message, and {@link #basicPublishConfirmed} and {@link #waitForConfirms} may
     * be used. Calling it again logs an error and does nothing, as in Pika.
     *
     * @throws dev.pika.exceptions.MethodNotImplementedException when the broker does not support publisher confirms
     */
    public void confirmDelivery() {
        guarded("BlockingChannel.confirmDelivery", () -> {
            requireUsable();
            if (confirmMode) {
                LOG.error("confirmDelivery: confirmation was already enabled on channel {}", channelNumber());
                return null;
            }
            call(Channel::confirmDelivery);
            confirmMode = true;
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Acknowledgements (any thread)

    /**
     * Acknowledges one message: {@code basicAck(deliveryTag, false)}.
     *
     * @param deliveryTag the delivery tag
     */
    public void basicAck(long deliveryTag) {
        basicAck(deliveryTag, false);
    }

    /**
     * Acknowledges one or more messages (Pika's {@code basic_ack}). Any thread: the acknowledgement is handed to the
     * I/O thread in order with the caller's other operations, without waiting.
     *
     * <p>A closed channel cannot acknowledge: the broker has requeued its unacknowledged messages. When the
     * application already saw the close (it was dispatched, thrown by a call on this channel, or asked for), this
     * method throws; an acknowledgement racing a close the application has not seen yet, such as Pika's {@code if
     * (channel.isOpen()) channel.basicAck(tag)} in a callback handed over by a worker, is dropped (logged at debug).
     *
     * @param deliveryTag the delivery tag of a message received on this channel
     * @param multiple {@code true}: every message up to and including {@code deliveryTag} (all when it is 0)
     * @throws ChannelWrongStateException when the channel is closed and the application saw it close
     */
    public void basicAck(long deliveryTag, boolean multiple) {
        acknowledge(channel -> channel.basicAck(deliveryTag, multiple));
    }

    /**
     * Rejects one message and requeues it: {@code basicNack(deliveryTag, false, true)}.
     *
     * @param deliveryTag the delivery tag
     */
    public void basicNack(long deliveryTag) {
        basicNack(deliveryTag, false, true);
    }

    /**
     * Rejects one or more messages (Pika's {@code basic_nack}, a RabbitMQ extension). Any thread, as {@link
     * #basicAck(long, boolean)}.
     *
     * @param deliveryTag the delivery tag
     * @param multiple {@code true}: every message up to and including {@code deliveryTag}
     * @param requeue {@code true}: requeue them; {@code false}: discard or dead-letter them
     * @throws ChannelWrongStateException when the channel is closed and the application saw it close
     */
    public void basicNack(long deliveryTag, boolean multiple, boolean requeue) {
        acknowledge(channel -> channel.basicNack(deliveryTag, multiple, requeue));
    }

    /**
     * Rejects one message and requeues it: {@code basicReject(deliveryTag, true)}.
     *
     * @param deliveryTag the delivery tag
     */
    public void basicReject(long deliveryTag) {
        basicReject(deliveryTag, true);
    }

    /**
     * Rejects one message (Pika's {@code basic_reject}). Any thread, as {@link #basicAck(long, boolean)}.
     *
     * @param deliveryTag the delivery tag
     * @param requeue {@code true}: requeue it; {@code false}: discard or dead-letter it
     * @throws ChannelWrongStateException when the channel is closed and the application saw it close
     */
    public void basicReject(long deliveryTag, boolean requeue) {
        acknowledge(channel -> channel.basicReject(deliveryTag, requeue));
    }

    // ------------------------------------------------------------------------------------------------
    // Consuming

    /**
     * Starts a consumer with manual acknowledgement: {@code basicConsume(queue, onMessageCallback, false, false,
     * null, null)}.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @return the consumer tag
     */
    public String basicConsume(String queue, OnMessageCallback<BlockingChannel> onMessageCallback) {
        return basicConsume(queue, onMessageCallback, false, false, null, null);
    }

    /**
     * Starts a consumer: {@code basicConsume(queue, onMessageCallback, autoAck, false, null, null)}.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @param autoAck {@code true}: the broker considers messages acknowledged once sent
     * @return the consumer tag
     */
    public String basicConsume(String queue, OnMessageCallback<BlockingChannel> onMessageCallback, boolean autoAck) {
        return basicConsume(queue, onMessageCallback, autoAck, false, null, null);
    }

    /**
     * Starts a consumer (Pika's {@code basic_consume}) and returns once the broker confirmed it. Its messages are
     * dispatched to {@code onMessageCallback} on the application thread, inside {@link #startConsuming()} or {@link
     * BlockingConnection#processDataEvents}.
     *
     * @param queue the queue
     * @param onMessageCallback receives each message: this channel, {@code Basic.Deliver}, properties, body
     * @param autoAck {@code true}: automatic acknowledgement ({@code no_ack}); do not ack then
     * @param exclusive whether no other consumer may use the queue
     * @param consumerTag the tag, or {@code null}/empty to generate one ({@code ctag<channel>.<hex>})
     * @param arguments consumer arguments, or {@code null}
     * @return the consumer tag
     * @throws dev.pika.exceptions.DuplicateConsumerTagException when the tag is in use on this channel
     * @throws ChannelClosedByBrokerException when the broker refuses the consumer (e.g. 404: no such queue)
     */
    public String basicConsume(
            String queue,
            OnMessageCallback<BlockingChannel> onMessageCallback,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments) {
        requireName(queue, "queue");
        Objects.requireNonNull(onMessageCallback, "onMessageCallback must not be null");
        return guarded("BlockingChannel.basicConsume", () -> {
            requireUsable();
            return consumers.consume(queue, onMessageCallback, autoAck, exclusive, consumerTag, arguments);
        });
    }

    /**
     * Cancels a consumer (Pika's {@code basic_cancel}) and returns once the broker confirmed it. Messages that
     * arrived for a manual-acknowledgement consumer and were not dispatched yet are rejected with requeue; those of
     * an auto-ack consumer are returned, since they cannot go back to the queue.
     *
     * @param consumerTag the consumer's tag
     * @return the auto-ack consumer's undispatched messages; empty for a manual-acknowledgement consumer, or when
     *     there is no such consumer (logged)
     */
    public List<Delivery> basicCancel(String consumerTag) {
        Objects.requireNonNull(consumerTag, "consumerTag must not be null");
        return guarded("BlockingChannel.basicCancel", () -> {
            requireUsable();
            return consumers.cancel(consumerTag).autoAckMessages();
        });
    }

    /**
     * Dispatches events (Pika's {@code start_consuming}) until this channel has no consumer left: messages to their
     * callbacks, and the connection's other events (other channels' consumers, timers, {@code addCallbackThreadsafe}
     * callbacks). It returns when the last consumer is cancelled ({@link #stopConsuming()} from a callback, {@link
     * #basicCancel}, or by the broker) or when the calling thread is interrupted (the interrupt status stays set). With
     * no consumer it returns at once.
     *
     * @throws ReentrancyException when called from inside a callback of this connection
     * @throws ChannelClosedByBrokerException when the broker closes the channel
     * @throws dev.pika.exceptions.AmqpConnectionException when the connection fails (its reason)
     */
    public void startConsuming() {
        guarded("BlockingChannel.startConsuming", () -> {
            Dispatcher dispatcher = connection.dispatcher();
            if (dispatcher.isDispatching()) {
                throw new ReentrancyException("startConsuming may not be called from the scope of another"
                        + " BlockingConnection or BlockingChannel callback; to stop consuming from a callback call"
                        + " stopConsuming()");
            }
            requireUsable();
            Thread current = Thread.currentThread();
            while (!consumers.isEmpty() && !current.isInterrupted()) {
                long before = dispatcher.routedCount();
                dispatcher.runOnce(EventInbox.NO_DEADLINE, () -> dispatcher.routedCount() != before);
                throwIfClosedByBroker();
            }
            return null;
        });
    }

    /**
     * Cancels every consumer of the channel (Pika's {@code stop_consuming}), which ends {@link #startConsuming()}.
     * Call it from a callback (or hand it over with {@code connection.addCallbackThreadsafe(channel::stopConsuming)}
     * from another thread). Undispatched messages of manual-acknowledgement consumers are requeued; those of auto-ack
     * consumers are lost.
     */
    public void stopConsuming() {
        guarded("BlockingChannel.stopConsuming", () -> {
            requireUsable();
            consumers.cancelAll();
            return null;
        });
    }

    /**
     * Cancels one consumer (Pika's {@code stop_consuming(consumer_tag)}): {@link #basicCancel(String)}.
     *
     * @param consumerTag the consumer's tag
     */
    public void stopConsuming(String consumerTag) {
        basicCancel(consumerTag);
    }

    /**
     * The consume iterator without inactivity timeout: {@code consume(queue, false, false, null, null)}.
     *
     * @param queue the queue
     * @return the messages, as an iterable
     */
    public ConsumeIterable consume(String queue) {
        return consume(queue, false, false, null, null);
    }

    /**
     * The consume iterator with an inactivity timeout: {@code consume(queue, false, false, null,
     * inactivityTimeout)}.
     *
     * @param queue the queue
     * @param inactivityTimeout after this long without a message the iterator yields {@link Delivery#empty()}
     * @return the messages, as an iterable
     */
    public ConsumeIterable consume(String queue, Duration inactivityTimeout) {
        return consume(queue, false, false, null, inactivityTimeout);
    }

    /**
     * Consumes a queue without callbacks (Pika's {@code consume} generator): starts a consumer, unless the channel's
     * consume iterator is already active with the same queue and flags (then it resumes it; other parameters throw),
     * and returns its messages as a {@link ConsumeIterable}. Cancel it with {@link #cancel()} when done: messages that
     * arrived and were not iterated are requeued.
     *
     * @param queue the queue
     * @param autoAck {@code true}: automatic acknowledgement
     * @param exclusive whether no other consumer may use the queue
     * @param arguments consumer arguments, or {@code null}
     * @param inactivityTimeout after this long without a message the iterator yields {@link Delivery#empty()}; {@code
     *     null} to wait for ever
     * @return the messages, as an iterable
     * @throws IllegalArgumentException when the channel's consume iterator is active with other parameters, or the
     *     timeout is negative
     */
    public ConsumeIterable consume(
            String queue,
            boolean autoAck,
            boolean exclusive,
            Map<String, Object> arguments,
            Duration inactivityTimeout) {
        requireName(queue, "queue");
        if (inactivityTimeout != null && inactivityTimeout.isNegative()) {
            throw new IllegalArgumentException("inactivityTimeout must not be negative, but was " + inactivityTimeout
                    + " (use null to wait for messages without a timeout)");
        }
        return guarded("BlockingChannel.consume", () -> {
            requireUsable();
            return consumers.iterate(queue, autoAck, exclusive, arguments, inactivityTimeout);
        });
    }

    /**
     * How many messages the consume iterator holds, ready to be iterated without blocking (Pika's {@code
     * get_waiting_message_count}).
     *
     * @return the count, 0 without a consume iterator
     */
    public int getWaitingMessageCount() {
        return guarded("BlockingChannel.getWaitingMessageCount", () -> {
            connection.dispatcher().drain();
            GeneratorState generator = consumers.generator();
            return generator == null ? 0 : generator.waitingMessages();
        });
    }

    /**
     * Cancels the consume iterator's consumer (Pika's {@code cancel}) and requeues its messages that arrived and
     * were not iterated (manual acknowledgement only; an auto-ack iterator's are lost). To cancel a {@link
     * #basicConsume} consumer use {@link #basicCancel}.
     *
     * @return how many messages were requeued; 0 when no consume iterator is active (logged)
     */
    public int cancel() {
        return guarded("BlockingChannel.cancel", () -> {
            if (!impl.isOpen()) {
                consumers.clear();
                return 0;
            }
            connection.throwIfTerminated();
            return consumers.cancelGenerator();
        });
    }

    Delivery nextDelivery(GeneratorState state, Duration inactivityTimeout) {
        return guarded("ConsumeIterable.hasNext", () -> consumers.next(state, inactivityTimeout));
    }

    // ------------------------------------------------------------------------------------------------
    // Basic

    /**
     * Gets one message with manual acknowledgement: {@code basicGet(queue, false)}.
     *
     * @param queue the queue
     * @return the message, or {@link GetResult#empty()} when the queue is empty
     */
    public GetResult basicGet(String queue) {
        return basicGet(queue, false);
    }

    /**
     * Gets one message from a queue (Pika's {@code basic_get}).
     *
     * @param queue the queue
     * @param autoAck {@code true}: the broker considers the message acknowledged once sent
     * @return the message ({@code Basic.GetOk}, properties, body), or {@link GetResult#empty()} where Pika returns
     *     {@code (None, None, None)}
     */
    public GetResult basicGet(String queue, boolean autoAck) {
        requireName(queue, "queue");
        return rpc("BlockingChannel.basicGet", channel -> channel.basicGet(queue, autoAck));
    }

    /**
     * Sets the prefetch count of the channel's consumers: {@code basicQos(0, prefetchCount, false)}.
     *
     * @param prefetchCount messages sent ahead of acknowledgements; 0 for no limit
     */
    public void basicQos(int prefetchCount) {
        basicQos(0, prefetchCount, false);
    }

    /**
     * Specifies quality of service (Pika's {@code basic_qos}).
     *
     * @param prefetchSize the prefetch window in octets; 0 for no specific limit
     * @param prefetchCount the prefetch window in messages; 0 for no limit
     * @param globalQos whether the limits apply to the whole connection
     */
    public void basicQos(long prefetchSize, int prefetchCount, boolean globalQos) {
        rpc("BlockingChannel.basicQos", channel -> channel.basicQos(prefetchSize, prefetchCount, globalQos));
    }

    /**
     * Asks the broker to redeliver the unacknowledged messages to this channel: {@code basicRecover(false)}.
     */
    public void basicRecover() {
        basicRecover(false);
    }

    /**
     * Asks the broker to redeliver the channel's unacknowledged messages (Pika's {@code basic_recover}).
     *
     * @param requeue {@code false}: to the same consumer; {@code true}: requeue them (possibly to another consumer)
     */
    public void basicRecover(boolean requeue) {
        rpc("BlockingChannel.basicRecover", channel -> channel.basicRecover(requeue));
    }

    // ------------------------------------------------------------------------------------------------
    // Exchanges

    /**
     * Declares a direct exchange with default flags.
     *
     * @param exchange the exchange name
     * @return the broker's {@code Exchange.DeclareOk}
     */
    public Exchange.DeclareOk exchangeDeclare(String exchange) {
        return exchangeDeclare(exchange, DEFAULT_EXCHANGE_TYPE, false, false, false, false, null);
    }

    /**
     * Declares an exchange of a type with default flags.
     *
     * @param exchange the exchange name
     * @param exchangeType {@code direct}, {@code fanout}, {@code topic}, {@code headers}...
     * @return the broker's {@code Exchange.DeclareOk}
     */
    public Exchange.DeclareOk exchangeDeclare(String exchange, String exchangeType) {
        return exchangeDeclare(exchange, exchangeType, false, false, false, false, null);
    }

    /**
     * Declares an exchange, creating it if needed (Pika's {@code exchange_declare}).
     *
     * @param exchange the exchange name
     * @param exchangeType the exchange type
     * @param passive only check that it exists (404 closes the channel otherwise)
     * @param durable survive a broker restart
     * @param autoDelete delete it when its last binding is removed
     * @param internal only other exchanges may publish to it
     * @param arguments exchange arguments, or {@code null}
     * @return the broker's {@code Exchange.DeclareOk}
     */
    public Exchange.DeclareOk exchangeDeclare(
            String exchange,
            String exchangeType,
            boolean passive,
            boolean durable,
            boolean autoDelete,
            boolean internal,
            Map<String, Object> arguments) {
        requireName(exchange, "exchange");
        Objects.requireNonNull(exchangeType, "exchangeType must not be null (Pika's default is \"direct\")");
        return rpc(
                "BlockingChannel.exchangeDeclare",
                channel -> channel.exchangeDeclare(
                        exchange, exchangeType, passive, durable, autoDelete, internal, arguments));
    }

    /**
     * Deletes an exchange: {@code exchangeDelete(exchange, false)}.
     *
     * @param exchange the exchange
     * @return the broker's {@code Exchange.DeleteOk}
     */
    public Exchange.DeleteOk exchangeDelete(String exchange) {
        return exchangeDelete(exchange, false);
    }

    /**
     * Deletes an exchange (Pika's {@code exchange_delete}).
     *
     * @param exchange the exchange
     * @param ifUnused only delete it when it has no bindings
     * @return the broker's {@code Exchange.DeleteOk}
     */
    public Exchange.DeleteOk exchangeDelete(String exchange, boolean ifUnused) {
        requireName(exchange, "exchange");
        return rpc("BlockingChannel.exchangeDelete", channel -> channel.exchangeDelete(exchange, ifUnused));
    }

    /**
     * Binds an exchange to another with an empty routing key.
     *
     * @param destination the exchange that receives
     * @param source the exchange that routes to it
     * @return the broker's {@code Exchange.BindOk}
     */
    public Exchange.BindOk exchangeBind(String destination, String source) {
        return exchangeBind(destination, source, "", null);
    }

    /**
     * Binds an exchange to another (Pika's {@code exchange_bind}, a RabbitMQ extension).
     *
     * @param destination the exchange that receives
     * @param source the exchange that routes to it
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @return the broker's {@code Exchange.BindOk}
     */
    public Exchange.BindOk exchangeBind(
            String destination, String source, String routingKey, Map<String, Object> arguments) {
        requireName(destination, "destination");
        requireName(source, "source");
        Objects.requireNonNull(routingKey, "routingKey must not be null (Pika's default is \"\")");
        return rpc(
                "BlockingChannel.exchangeBind",
                channel -> channel.exchangeBind(destination, source, routingKey, arguments));
    }

    /**
     * Unbinds an exchange from another (empty routing key).
     *
     * @param destination the exchange that receives
     * @param source the exchange that routes to it
     * @return the broker's {@code Exchange.UnbindOk}
     */
    public Exchange.UnbindOk exchangeUnbind(String destination, String source) {
        return exchangeUnbind(destination, source, "", null);
    }

    /**
     * Unbinds an exchange from another (Pika's {@code exchange_unbind}).
     *
     * @param destination the exchange that receives
     * @param source the exchange that routes to it
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @return the broker's {@code Exchange.UnbindOk}
     */
    public Exchange.UnbindOk exchangeUnbind(
            String destination, String source, String routingKey, Map<String, Object> arguments) {
        requireName(destination, "destination");
        requireName(source, "source");
        Objects.requireNonNull(routingKey, "routingKey must not be null (Pika's default is \"\")");
        return rpc(
                "BlockingChannel.exchangeUnbind",
                channel -> channel.exchangeUnbind(destination, source, routingKey, arguments));
    }

    // ------------------------------------------------------------------------------------------------
    // Queues

    /**
     * Declares a queue with default flags (not durable, not exclusive, not auto-delete).
     *
     * @param queue the queue name, or {@code ""} for a server-named queue
     * @return the broker's {@code Queue.DeclareOk} (name, message and consumer counts)
     */
    public Queue.DeclareOk queueDeclare(String queue) {
        return queueDeclare(queue, false, false, false, false, null);
    }

    /**
     * Declares a queue, creating it if needed (Pika's {@code queue_declare}).
     *
     * @param queue the queue name, or {@code ""} for a server-named queue ({@code Queue.DeclareOk.queue()})
     * @param passive only check that it exists (404 closes the channel otherwise)
     * @param durable survive a broker restart
     * @param exclusive only this connection may use it; deleted when the connection closes
     * @param autoDelete delete it when its last consumer is cancelled
     * @param arguments queue arguments ({@code x-message-ttl}...), or {@code null}
     * @return the broker's {@code Queue.DeclareOk}
     */
    public Queue.DeclareOk queueDeclare(
            String queue,
            boolean passive,
            boolean durable,
            boolean exclusive,
            boolean autoDelete,
            Map<String, Object> arguments) {
        requireName(queue, "queue");
        return rpc(
                "BlockingChannel.queueDeclare",
                channel -> channel.queueDeclare(queue, passive, durable, exclusive, autoDelete, arguments));
    }

    /**
     * Deletes a queue: {@code queueDelete(queue, false, false)}.
     *
     * @param queue the queue
     * @return the broker's {@code Queue.DeleteOk} (the number of messages deleted)
     */
    public Queue.DeleteOk queueDelete(String queue) {
        return queueDelete(queue, false, false);
    }

    /**
     * Deletes a queue (Pika's {@code queue_delete}).
     *
     * @param queue the queue
     * @param ifUnused only delete it when it has no consumers
     * @param ifEmpty only delete it when it has no messages
     * @return the broker's {@code Queue.DeleteOk}
     */
    public Queue.DeleteOk queueDelete(String queue, boolean ifUnused, boolean ifEmpty) {
        requireName(queue, "queue");
        return rpc("BlockingChannel.queueDelete", channel -> channel.queueDelete(queue, ifUnused, ifEmpty));
    }

    /**
     * Removes the ready messages of a queue (Pika's {@code queue_purge}).
     *
     * @param queue the queue
     * @return the broker's {@code Queue.PurgeOk} (the number of messages purged)
     */
    public Queue.PurgeOk queuePurge(String queue) {
        requireName(queue, "queue");
        return rpc("BlockingChannel.queuePurge", channel -> channel.queuePurge(queue));
    }

    /**
     * Binds a queue to an exchange with the queue's name as routing key.
     *
     * @param queue the queue
     * @param exchange the exchange
     * @return the broker's {@code Queue.BindOk}
     */
    public Queue.BindOk queueBind(String queue, String exchange) {
        return queueBind(queue, exchange, null, null);
    }

    /**
     * Binds a queue to an exchange (Pika's {@code queue_bind}).
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name (as Pika)
     * @param arguments binding arguments, or {@code null}
     * @return the broker's {@code Queue.BindOk}
     */
    public Queue.BindOk queueBind(String queue, String exchange, String routingKey, Map<String, Object> arguments) {
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        return rpc("BlockingChannel.queueBind", channel -> channel.queueBind(queue, exchange, routingKey, arguments));
    }

    /**
     * Unbinds a queue from an exchange (routing key: the queue's name).
     *
     * @param queue the queue
     * @param exchange the exchange
     * @return the broker's {@code Queue.UnbindOk}
     */
    public Queue.UnbindOk queueUnbind(String queue, String exchange) {
        return queueUnbind(queue, exchange, null, null);
    }

    /**
     * Unbinds a queue from an exchange (Pika's {@code queue_unbind}).
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name
     * @param arguments binding arguments, or {@code null}
     * @return the broker's {@code Queue.UnbindOk}
     */
    public Queue.UnbindOk queueUnbind(String queue, String exchange, String routingKey, Map<String, Object> arguments) {
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        return rpc(
                "BlockingChannel.queueUnbind", channel -> channel.queueUnbind(queue, exchange, routingKey, arguments));
    }

    // ------------------------------------------------------------------------------------------------
    // Transactions and flow

    /**
     * Selects standard transaction mode (Pika's {@code tx_select}).
     *
     * @return the broker's {@code Tx.SelectOk}
     */
    public Tx.SelectOk txSelect() {
        return rpc("BlockingChannel.txSelect", Channel::txSelect);
    }

    /**
     * Commits the current transaction (Pika's {@code tx_commit}).
     *
     * @return the broker's {@code Tx.CommitOk}
     */
    public Tx.CommitOk txCommit() {
        return rpc("BlockingChannel.txCommit", Channel::txCommit);
    }

    /**
     * Rolls back the current transaction (Pika's {@code tx_rollback}).
     *
     * @return the broker's {@code Tx.RollbackOk}
     */
    public Tx.RollbackOk txRollback() {
        return rpc("BlockingChannel.txRollback", Channel::txRollback);
    }

    /**
     * Turns channel flow off and on (Pika's {@code flow}). RabbitMQ does not support {@code active=false}; use
     * {@link #basicQos} to limit deliveries.
     *
     * @param active {@code true} to (re)start the flow, {@code false} to stop it
     * @return whether the broker will send (the {@code Channel.FlowOk} flag)
     */
    public boolean flow(boolean active) {
        return rpc("BlockingChannel.flow", channel -> channel.flow(active));
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Closes the channel with Pika's defaults ({@code 0, "Normal shutdown"}) when it is open; does nothing when it
     * is already closed (so that try-with-resources never masks the exception that ended the block).
     */
    @Override
    public void close() {
        if (impl.isOpen()) {
            close(DEFAULT_CLOSE_REPLY_CODE, DEFAULT_CLOSE_REPLY_TEXT);
        }
    }

    /**
     * Closes the channel (Pika's {@code close}): cancels its consumers (requeueing the messages not yet dispatched),
     * then sends {@code Channel.Close} and returns once the broker confirmed it.
     *
     * @param replyCode the reply code
     * @param replyText the reply text
     * @throws ChannelWrongStateException when the channel is not open
     */
    public void close(int replyCode, String replyText) {
        Objects.requireNonNull(replyText, "replyText must not be null");
        guarded("BlockingChannel.close", () -> {
            requireOpenForApplication();
            try {
                consumers.cancelAll();
                AmqpException reason = call(channel -> {
                    channel.close(replyCode, replyText);
                    return closed;
                });
                if (reason instanceof ChannelClosedByBrokerException brokerClose) {
                    closeReported = true;
                    throw brokerClose;
                }
            } finally {
                closeSeen = true;
                consumers.clear();
                connection.forget(this);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Application-side events (the thread holding the guard)

    void route(Event.Message message, java.util.ArrayDeque<Event> ready) {
        consumers.route(message, ready);
    }

    void route(Event.BrokerCancel cancel, java.util.ArrayDeque<Event> ready) {
        consumers.route(cancel, ready);
    }

    void onClosedRouted(AmqpException reason) {
        closeSeen = true;
        if (reason instanceof ChannelClosedByBrokerException) {
            consumers.clear();
        }
        connection.forget(this);
    }

    void dispatch(Event.Message message) {
        consumers.dispatch(message);
    }

    void dispatch(Event.Returned returned) {
        for (OnReturnCallback<BlockingChannel> callback : returnCallbacks) {
            callback.onReturn(this, returned.method(), returned.properties(), returned.body());
        }
    }

    void dispatch(Event.BrokerCancel cancel) {
        consumers.forgetCancelled(cancel.method().consumerTag());
        for (Consumer<Basic.Cancel> callback : cancelCallbacks) {
            callback.accept(cancel.method());
        }
    }

    /** Throws the broker's close reason once, the first time the application thread observes it. */
    void throwIfClosedByBroker() {
        if (closeReason instanceof ChannelClosedByBrokerException brokerClose && !closeReported) {
            closeReported = true;
            closeSeen = true;
            throw brokerClose;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Plumbing

    private <T> T guarded(String operation, Supplier<T> body) {
        bridge.checkNotIoThread(); // a stage of a confirmation future: the call would wait for its own thread
        guard.enter(operation);
        try {
            return body.get();
        } finally {
            guard.exit();
        }
    }

    private <T> T rpc(String operation, Function<Channel, CompletableFuture<T>> request) {
        return guarded(operation, () -> {
            requireUsable();
            return call(request);
        });
    }

    /** The connection and the channel are usable by the application thread, or the reason is thrown. */
    private void requireUsable() {
        connection.throwIfTerminated();
        requireOpenForApplication();
    }

    private Channel requireOpenForApplication() {
        Channel channel = impl;
        if (!channel.isOpen()) {
            throwIfClosedByBroker();
            throw wrongState(channel);
        }
        return channel;
    }

    /**
     * Hands an acknowledgement to the I/O thread (made while the application thread dispatches callbacks, it goes with
     * the dispatch round's other acknowledgements when the round ends). It throws only when the application has seen
     * the channel closed:
     * one racing a close the application has not seen yet (the typical {@code if (channel.isOpen())
     * channel.basicAck(tag)} of a worker callback) is dropped, as the broker requeues the messages of a closed channel.
     */
    private void acknowledge(Consumer<Channel> acknowledgement) {
        Channel channel = impl;
        if (closeSeen && !channel.isOpen()) {
            throw wrongState(channel);
        }
        try {
            bridge.defer(() -> {
                if (channel.isOpen()) {
                    acknowledgement.accept(channel);
                } else {
                    LOG.debug(
                            "Channel {} closed before an acknowledgement could be sent; dropped",
                            channel.channelNumber());
                }
            });
        } catch (AmqpConnectionException e) {
            if (closeSeen) {
                throw e;
            }
            LOG.debug(
                    "Channel {}: the connection closed before an acknowledgement could be sent; dropped: {}",
                    channel.channelNumber(),
                    e.getMessage());
        }
    }

    private Channel requireOpenAnyThread() {
        Channel channel = impl;
        if (!channel.isOpen()) {
            throw wrongState(channel);
        }
        return channel;
    }

    private ChannelWrongStateException wrongState(Channel channel) {
        AmqpException reason = closeReason;
        return new ChannelWrongStateException(
                "Channel " + channel.channelNumber() + " is "
                        + channel.state().name().toLowerCase(java.util.Locale.ROOT)
                        + (reason == null ? "" : ": " + reason.getMessage()),
                reason);
    }

    /**
     * Runs a request on the I/O thread and waits for its reply; the caller holds the guard and checked the state.
     */
    <T> T call(Function<Channel, CompletableFuture<T>> request) {
        Channel channel = impl;
        CompletableFuture<T> result = new CompletableFuture<>();
        bridge.submit(
                result,
                () -> request.apply(channel).whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                }));
        try {
            return connection.await(result);
        } catch (ChannelClosedByBrokerException e) {
            closeReported = true;
            closeSeen = true;
            throw e;
        } catch (ChannelWrongStateException e) {
            // The broker closed the channel after the caller's state check and before the request reached the I/O
            // thread: the first call to see it reports the broker's close, as a call waiting for its reply does.
            if (e.getCause() instanceof ChannelClosedByBrokerException brokerClose && !closeReported) {
                closeReported = true;
                closeSeen = true;
                throw brokerClose;
            }
            throw e;
        }
    }

    private static void requireName(String name, String parameter) {
        if (name == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
    }

    @Override
    public String toString() {
        Channel channel = impl;
        return "BlockingChannel[number=" + (channel == null ? "?" : channel.channelNumber()) + ", state="
                + (channel == null ? "?" : channel.state()) + ", connection=" + connection + "]";
    }
}
