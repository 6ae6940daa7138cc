package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.OnMessageCallback;
import dev.pika.OnReturnCallback;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.internal.LoopThread;
import dev.pika.io.IoServices;
import dev.pika.spec.Basic;
import dev.pika.spec.Confirm;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An AMQP channel, the asynchronous API: Pika's {@code pika.channel.Channel} in Java. A channel is the primary way to
 * talk to RabbitMQ; get one from {@code connection.channel(onOpen)} rather than constructing it.
 *
 * <p><b>Methods and callbacks.</b> The methods are Pika's, in camelCase, with Pika's arguments in Pika's order. A
 * synchronous method (one the broker answers, such as {@code queueDeclare}) comes in two forms:
 *
 * <ul>
 *   <li>with a trailing {@code callback} parameter, which receives the broker's reply ({@code Queue.DeclareOk}...).
 *       As in Pika, a {@code null} callback means {@code nowait} for the methods that have a {@code nowait} flag (the
 *       broker sends no reply) and "no callback" for the others;
 *   <li>without the callback parameter, returning a {@link CompletableFuture} of the reply (never {@code nowait}).
 *       The future fails with the channel's close reason when the channel closes before the reply arrives.
 * </ul>
 *
 * <p>Synchronous methods are serialised as Pika does: while one waits for its reply, the next ones (including {@code
 * nowait} ones) queue behind it and go out in order. Asynchronous methods (publish, ack, nack, reject) are sent at
 * once. Callbacks run on the connection's I/O thread; what they throw is logged and does not disturb the channel.
 *
 * <p><b>Publisher confirms.</b> After {@link #confirmDelivery}, {@link #basicPublish} returns the message's sequence
 * number (1, 2, 3...) and the broker's {@code Basic.Ack}/{@code Basic.Nack} go to the ack/nack callback (Pika's
 * style). {@link #basicPublishConfirmed} returns a future per message instead, completed by its ack, failed by a nack
 * ({@link dev.pika.exceptions.NackException}), by a return of the mandatory message ({@link
 * dev.pika.exceptions.UnroutableException}) or by the channel's close reason. Confirms are pipelined: publish as many
 * messages as you like and settle them as the broker answers, in any order, one or {@code multiple} at a time.
 *
 * <p><b>Threading.</b> A channel belongs to its connection's I/O loop thread. Every method must be called on that
 * thread, except {@link #channelNumber()}, {@link #state()}, {@link #isOpen()}, {@link #isClosing()}, {@link
 * #isClosed()} and {@link #ioloop()}, which any thread may call; other calls fail with {@link IllegalStateException}.
 * From other threads hand the work to the loop: {@code channel.ioloop().addCallbackThreadsafe(() -> ...)}.
 */
public final class Channel implements AutoCloseable {

    /**
     * The reply code of {@link #close()}: {@value} (reply-success). Pika sends 0, which RabbitMQ accepts but Qpid
     * Broker-J never answers, leaving the channel closing; 200 is what the AMQP specification means by a normal close.
     */
    public static final int DEFAULT_CLOSE_REPLY_CODE = dev.pika.spec.AmqpConstants.REPLY_SUCCESS;

    /** The reply text of {@link #close()}, Pika's default: {@value}. */
    public static final String DEFAULT_CLOSE_REPLY_TEXT = "Normal shutdown";

    /** The exchange type of the short {@code exchangeDeclare} forms, Pika's default: {@value}. */
    public static final String DEFAULT_EXCHANGE_TYPE = "direct";

    private final ChannelEngine engine;

    Channel(ChannelEngine engine) {
        this.engine = engine;
    }

    private void checkThread(String operation) {
        LoopThread.check(engine.io, operation);
    }

    // ------------------------------------------------------------------------------------------------
    // State (any thread)

    /**
     * The channel number. Any thread.
     *
     * @return the number, 1 to the connection's {@code channel_max}
     */
    public int channelNumber() {
        return engine.number;
    }

    /**
     * The channel's state. Any thread.
     *
     * @return the current state
     */
    public ChannelState state() {
        return engine.state();
    }

    /**
     * Whether the channel is open. Any thread.
     *
     * @return {@code true} in state {@link ChannelState#OPEN}
     */
    public boolean isOpen() {
        return engine.state() == ChannelState.OPEN;
    }

    /**
     * Whether a close the client asked for is in progress. Any thread.
     *
     * @return {@code true} in state {@link ChannelState#CLOSING}
     */
    public boolean isClosing() {
        return engine.state() == ChannelState.CLOSING;
    }

    /**
     * Whether the channel is closed. Any thread.
     *
     * @return {@code true} in state {@link ChannelState#CLOSED}
     */
    public boolean isClosed() {
        return engine.state() == ChannelState.CLOSED;
    }

    /**
     * The I/O loop the channel belongs to: the door for other threads ({@code addCallbackThreadsafe}) and for timers
     * ({@code callLater}, on the loop's thread). Any thread.
     *
     * @return the connection's I/O services
     */
    public IoServices ioloop() {
        return engine.io;
    }

    /**
     * Whether the broker lets the channel publish: {@code false} after the broker (or {@link #flow}) stopped the
     * flow with {@code Channel.Flow(active=false)}. RabbitMQ uses TCP back-pressure instead and never sends it.
     *
     * @return the last flow state, {@code true} initially
     */
    public boolean isFlowActive() {
        checkThread("Channel.isFlowActive");
        return engine.isFlowActive();
    }

    /**
     * Whether the channel is in publisher-confirm mode: {@code Confirm.Select} has been sent.
     *
     * @return {@code true} once {@link #confirmDelivery} took effect
     */
    public boolean isConfirmMode() {
        checkThread("Channel.isConfirmMode");
        return engine.isConfirmMode();
    }

    /**
     * The sequence number the next publish gets in confirm mode.
     *
     * @return the next sequence number, or 0 when the channel is not in confirm mode
     */
    public long nextPublishSequenceNumber() {
        checkThread("Channel.nextPublishSequenceNumber");
        return engine.nextPublishSequenceNumber();
    }

    /**
     * How many publishes wait for the broker's confirmation.
     *
     * @return the number of unconfirmed publishes (0 outside confirm mode)
     */
    public int pendingConfirmCount() {
        checkThread("Channel.pendingConfirmCount");
        return engine.pendingConfirmCount();
    }

    /**
     * The tags of the channel's consumers (Pika's {@code consumer_tags}).
     *
     * @return an unmodifiable copy
     */
    public List<String> consumerTags() {
        checkThread("Channel.consumerTags");
        return engine.consumerTags();
    }

    // ------------------------------------------------------------------------------------------------
    // Callbacks

    /**
     * Adds a callback for when the channel closes; it receives the channel and why it closed: {@link
     * dev.pika.exceptions.ChannelClosedByBrokerException} when the broker closed it with {@code Channel.Close}, {@link
     * dev.pika.exceptions.ChannelClosedByClientException} after a graceful close by the client (directly or by closing
     * the connection), or the connection's failure (an {@link dev.pika.exceptions.AmqpConnectionException}) when the
     * connection was lost.
     *
     * @param callback called once, on the I/O thread
     */
    public void addOnCloseCallback(BiConsumer<Channel, AmqpException> callback) {
        checkThread("Channel.addOnCloseCallback");
        engine.listeners().addClose(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for {@code Basic.Cancel} sent by the broker (consumer cancel notification, e.g. when the queue
     * is deleted). The consumer is already forgotten when the callback runs.
     *
     * @param callback receives the broker's {@code Basic.Cancel}
     */
    public void addOnCancelCallback(Consumer<Basic.Cancel> callback) {
        checkThread("Channel.addOnCancelCallback");
        engine.listeners().addCancel(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for messages the broker returned ({@code Basic.Return}): mandatory messages it could not route.
     *
     * @param callback receives the channel, the {@code Basic.Return}, the properties and the body
     */
    public void addOnReturnCallback(OnReturnCallback<Channel> callback) {
        checkThread("Channel.addOnReturnCallback");
        engine.listeners().addReturn(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Adds a callback for {@code Channel.Flow} sent by the broker. The channel answers with {@code Channel.FlowOk}
     * itself. Newer versions of RabbitMQ use TCP back-pressure and never send it.
     *
     * @param callback receives the broker's {@code Channel.Flow}
     */
    public void addOnFlowCallback(Consumer<dev.pika.spec.Channel.Flow> callback) {
        checkThread("Channel.addOnFlowCallback");
        engine.listeners().addFlow(Objects.requireNonNull(callback, "callback"));
    }

    // ------------------------------------------------------------------------------------------------
    // Publishing

    /**
     * Publishes a message to the default exchange's routing rules: {@code basicPublish(exchange, routingKey, body,
     * null, false)}.
     *
     * @param exchange the exchange to publish to ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the message body; read during the call only
     * @return the message's sequence number in confirm mode, else 0
     * @throws ChannelWrongStateException when the channel is not open
     * @throws dev.pika.io.WriteBufferFullException when the connection's outbound buffer is at its limit
     */
    public long basicPublish(String exchange, String routingKey, byte[] body) {
        return basicPublish(exchange, routingKey, body, null, false);
    }

    /**
     * Publishes a message with properties: {@code basicPublish(exchange, routingKey, body, properties, false)}.
     *
     * @param exchange the exchange to publish to
     * @param routingKey the routing key
     * @param body the message body; read during the call only
     * @param properties the message properties, or {@code null} for none
     * @return the message's sequence number in confirm mode, else 0
     */
    public long basicPublish(String exchange, String routingKey, byte[] body, BasicProperties properties) {
        return basicPublish(exchange, routingKey, body, properties, false);
    }

    /**
     * Publishes a message (Pika's {@code basic_publish}): the method, header and body frames are written to the
     * connection's outbound buffer at once, whatever synchronous method is pending.
     *
     * @param exchange the exchange to publish to ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the message body; read during the call only (the transport copies it)
     * @param properties the message properties, or {@code null} for none
     * @param mandatory whether the broker must return the message ({@code Basic.Return}) when it cannot route it
     * @return the message's sequence number in confirm mode (from 1; Pika's delivery tag of the confirmation), else 0
     * @throws ChannelWrongStateException when the channel is not open
     * @throws dev.pika.io.WriteBufferFullException when the message would take the connection's outbound buffer above
     *     {@code ConnectionParameters.writeBufferLimit} (nothing is sent)
     */
    public long basicPublish(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        checkThread("Channel.basicPublish");
        return engine.publish(exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Publishes the remaining bytes of {@code body} as a message: {@link #basicPublish(String, String, byte[],
     * BasicProperties, boolean)} for a body in a buffer. The bytes are copied into the outbound buffer during the
     * call; {@code body}'s position and limit are not changed.
     *
     * @param exchange the exchange to publish to ({@code ""} for the default exchange)
     * @param routingKey the routing key
     * @param body the message body, from its position to its limit; read during the call only
     * @param properties the message properties, or {@code null} for none
     * @param mandatory whether the broker must return the message ({@code Basic.Return}) when it cannot route it
     * @return the message's sequence number in confirm mode, else 0
     * @throws ChannelWrongStateException when the channel is not open
     * @throws dev.pika.io.WriteBufferFullException when the message would take the connection's outbound buffer above
     *     {@code ConnectionParameters.writeBufferLimit} (nothing is sent)
     */
    public long basicPublish(
            String exchange, String routingKey, ByteBuffer body, BasicProperties properties, boolean mandatory) {
        checkThread("Channel.basicPublish");
        return engine.publish(exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Publishes a message in confirm mode and returns its own confirmation: {@code basicPublishConfirmed(exchange,
     * routingKey, body, null, false)}.
     *
     * @param exchange the exchange to publish to
     * @param routingKey the routing key
     * @param body the message body
     * @return the message's confirmation (see {@link #basicPublishConfirmed(String, String, byte[], BasicProperties,
     *     boolean)})
     */
    public CompletableFuture<Void> basicPublishConfirmed(String exchange, String routingKey, byte[] body) {
        return basicPublishConfirmed(exchange, routingKey, body, null, false);
    }

    /**
     * Publishes a message with properties in confirm mode and returns its own confirmation.
     *
     * @param exchange the exchange to publish to
     * @param routingKey the routing key
     * @param body the message body
     * @param properties the message properties, or {@code null}
     * @return the message's confirmation (see {@link #basicPublishConfirmed(String, String, byte[], BasicProperties,
     *     boolean)})
     */
    public CompletableFuture<Void> basicPublishConfirmed(
            String exchange, String routingKey, byte[] body, BasicProperties properties) {
        return basicPublishConfirmed(exchange, routingKey, body, properties, false);
    }

    /**
     * Publishes a message in confirm mode and returns its own confirmation. The future completes when the broker
     * acks the message; it fails with {@link dev.pika.exceptions.NackException} when the broker nacks it, with {@link
     * dev.pika.exceptions.UnroutableException} when the broker returned the mandatory message as unroutable (then
     * acked it), and with the channel's close reason when the channel closes first. A return is matched to its publish
     * by content (exchange, routing key, properties and body; identical messages in publish order), because
     * RabbitMQ's coalesced confirmations do not say which publish was returned; a return that could belong to a
     * plain mandatory {@link #basicPublish} (whose content is not kept) fails no future. A publish is never failed for
     * another message's return. The future is completed on the I/O thread;
     * dependent stages run there unless made {@code ...Async}.
     *
     * <p>A mandatory message's body is copied (its return is matched by content, so the caller may reuse the array at
     * once); otherwise the body array is referenced, not copied, until the broker confirms the message, because a nack
     * reports it in the {@link dev.pika.exceptions.NackException}: the array may be reused, and the exception then
     * shows the new content.
     *
     * @param exchange the exchange to publish to
     * @param routingKey the routing key
     * @param body the message body
     * @param properties the message properties, or {@code null}
     * @param mandatory whether the broker must return the message when it cannot route it
     * @return the confirmation of this message
     * @throws ChannelWrongStateException when the channel is not open or not in confirm mode (call {@link
     *     #confirmDelivery} first, and publish once its {@code Confirm.Select} was sent)
     * @throws dev.pika.io.WriteBufferFullException when the outbound buffer is at its limit (nothing is sent)
     */
    public CompletableFuture<Void> basicPublishConfirmed(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        checkThread("Channel.basicPublishConfirmed");
        return engine.publishConfirmed(exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Publishes the remaining bytes of {@code body} in confirm mode and returns the message's confirmation, settled as
     * {@link #basicPublishConfirmed(String, String, byte[], BasicProperties, boolean)} says. The zero-copy form: a
     * direct buffer of at least 16 KiB per body frame is sent from where it is (its body frames reference it in the
     * outbound buffer, and the socket reads it in place), so <b>leave its bytes unchanged until the future
     * completes</b>; smaller or heap buffers are copied during the call, but the engine still keeps a view of them
     * until then for a {@link dev.pika.exceptions.NackException} (which gets a copy). A mandatory message's bytes are
     * copied (its return is matched by content), so its buffer may be reused at once. {@code body}'s position and
     * limit are not changed.
     *
     * @param exchange the exchange to publish to
     * @param routingKey the routing key
     * @param body the message body, from its position to its limit
     * @param properties the message properties, or {@code null}
     * @param mandatory whether the broker must return the message when it cannot route it
     * @return the confirmation of this message
     * @throws ChannelWrongStateException when the channel is not open or not in confirm mode
     * @throws dev.pika.io.WriteBufferFullException when the outbound buffer is at its limit (nothing is sent)
     */
    public CompletableFuture<Void> basicPublishConfirmed(
            String exchange, String routingKey, ByteBuffer body, BasicProperties properties, boolean mandatory) {
        checkThread("Channel.basicPublishConfirmed");
        return engine.publishConfirmed(exchange, routingKey, body, properties, mandatory);
    }

    /**
     * Turns on publisher confirms (Pika's {@code confirm_delivery}): the broker acks or nacks every message published
     * afterwards, and {@code ackNackCallback} receives each {@code Basic.Ack} or {@code Basic.Nack}.
     *
     * @param ackNackCallback receives the broker's {@code Basic.Ack} or {@code Basic.Nack} method (its delivery tag is
     *     a sequence number returned by {@link #basicPublish}); required, as in Pika
     * @param onSelectOk receives {@code Confirm.SelectOk}; {@code null} sends {@code Confirm.Select} with {@code
     *     nowait}
     * @throws dev.pika.exceptions.MethodNotImplementedException when the broker supports neither publisher confirms
     *     nor {@code Basic.Nack}
     */
    public void confirmDelivery(Consumer<Method> ackNackCallback, Consumer<Confirm.SelectOk> onSelectOk) {
        checkThread("Channel.confirmDelivery");
        Objects.requireNonNull(
                ackNackCallback,
                "ackNackCallback must not be null: confirmDelivery needs a callback for Basic.Ack/Basic.Nack (use"
                        + " confirmDelivery() with basicPublishConfirmed for per-message futures)");
        engine.confirmDelivery(ackNackCallback, onSelectOk, null);
    }

    /**
     * Turns on publisher confirms with an ack/nack callback and returns the future of {@code Confirm.SelectOk}.
     *
     * @param ackNackCallback receives each {@code Basic.Ack} or {@code Basic.Nack}
     * @return completed with {@code Confirm.SelectOk}
     */
    public CompletableFuture<Confirm.SelectOk> confirmDelivery(Consumer<Method> ackNackCallback) {
        checkThread("Channel.confirmDelivery");
        Objects.requireNonNull(ackNackCallback, "ackNackCallback must not be null (or use confirmDelivery())");
        CompletableFuture<Confirm.SelectOk> future = new CompletableFuture<>();
        engine.confirmDelivery(ackNackCallback, null, future);
        return future;
    }

    /**
     * Turns on publisher confirms without an ack/nack callback, for {@link #basicPublishConfirmed}'s futures.
     *
     * @return completed with {@code Confirm.SelectOk}
     */
    public CompletableFuture<Confirm.SelectOk> confirmDelivery() {
        checkThread("Channel.confirmDelivery");
        CompletableFuture<Confirm.SelectOk> future = new CompletableFuture<>();
        engine.confirmDelivery(null, null, future);
        return future;
    }

    // ------------------------------------------------------------------------------------------------
    // Acknowledgements

    /**
     * Acknowledges one message: {@code basicAck(deliveryTag, false)}.
     *
     * @param deliveryTag the broker's delivery tag
     */
    public void basicAck(long deliveryTag) {
        basicAck(deliveryTag, false);
    }

    /**
     * Acknowledges one or more messages delivered by {@code Basic.Deliver} or {@code Basic.GetOk}.
     *
     * @param deliveryTag the broker's delivery tag
     * @param multiple {@code true}: every message up to and including {@code deliveryTag} (all outstanding ones when
     *     the tag is 0)
     * @throws ChannelWrongStateException when the channel is not open
     */
    public void basicAck(long deliveryTag, boolean multiple) {
        checkThread("Channel.basicAck");
        engine.ack(deliveryTag, multiple);
    }

    /**
     * Rejects one message and requeues it: {@code basicNack(deliveryTag, false, true)}.
     *
     * @param deliveryTag the broker's delivery tag
     */
    public void basicNack(long deliveryTag) {
        basicNack(deliveryTag, false, true);
    }

    /**
     * Rejects one or more messages (RabbitMQ's {@code Basic.Nack}).
     *
     * @param deliveryTag the broker's delivery tag
     * @param multiple {@code true}: every message up to and including {@code deliveryTag}
     * @param requeue {@code true}: the broker requeues them; {@code false}: it discards or dead-letters them
     * @throws ChannelWrongStateException when the channel is not open
     */
    public void basicNack(long deliveryTag, boolean multiple, boolean requeue) {
        checkThread("Channel.basicNack");
        engine.nack(deliveryTag, multiple, requeue);
    }

    /**
     * Rejects one message and requeues it: {@code basicReject(deliveryTag, true)}.
     *
     * @param deliveryTag the broker's delivery tag
     */
    public void basicReject(long deliveryTag) {
        basicReject(deliveryTag, true);
    }

    /**
     * Rejects one message.
     *
     * @param deliveryTag the broker's delivery tag
     * @param requeue {@code true}: the broker requeues it; {@code false}: it discards or dead-letters it
     * @throws ChannelWrongStateException when the channel is not open
     */
    public void basicReject(long deliveryTag, boolean requeue) {
        checkThread("Channel.basicReject");
        engine.reject(deliveryTag, requeue);
    }

    // ------------------------------------------------------------------------------------------------
    // Consumers

    /**
     * Starts a consumer with manual acknowledgement and a generated tag: {@code basicConsume(queue,
     * onMessageCallback, false, false, null, null, null)}.
     *
     * @param queue the queue ({@code ""}: the channel's last declared queue)
     * @param onMessageCallback receives the messages
     * @return the consumer tag
     */
    public String basicConsume(String queue, OnMessageCallback<Channel> onMessageCallback) {
        return basicConsume(queue, onMessageCallback, false, false, null, null, null);
    }

    /**
     * Starts a consumer: {@code basicConsume(queue, onMessageCallback, autoAck, false, null, null, null)}.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @param autoAck {@code true}: the broker considers messages acknowledged once sent ({@code no_ack})
     * @return the consumer tag
     */
    public String basicConsume(String queue, OnMessageCallback<Channel> onMessageCallback, boolean autoAck) {
        return basicConsume(queue, onMessageCallback, autoAck, false, null, null, null);
    }

    /**
     * Starts a consumer: {@code basicConsume(queue, onMessageCallback, autoAck, exclusive, consumerTag, arguments,
     * null)}.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @param autoAck whether the broker acknowledges for the consumer
     * @param exclusive whether no other consumer may use the queue
     * @param consumerTag the tag, or {@code null} to generate one
     * @param arguments consumer arguments, or {@code null}
     * @return the consumer tag
     */
    public String basicConsume(
            String queue,
            OnMessageCallback<Channel> onMessageCallback,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments) {
        return basicConsume(queue, onMessageCallback, autoAck, exclusive, consumerTag, arguments, null);
    }

    /**
     * Starts a consumer (Pika's {@code basic_consume}): sends {@code Basic.Consume} and routes the messages for the
     * consumer tag to {@code onMessageCallback}. The consumer is registered at once; the broker starts delivering
     * after {@code Basic.ConsumeOk}.
     *
     * @param queue the queue to consume from ({@code ""}: the channel's last declared queue)
     * @param onMessageCallback receives each message with Pika's four arguments (channel, {@code Basic.Deliver},
     *     properties, body)
     * @param autoAck {@code true}: automatic acknowledgement ({@code no_ack}); the application must not ack
     * @param exclusive whether no other consumer may use the queue
     * @param consumerTag the tag, or {@code null}/empty to generate one in Pika's format ({@code
     *     ctag<channel>.<uuid hex>})
     * @param arguments consumer arguments, or {@code null}
     * @param callback receives {@code Basic.ConsumeOk}, or {@code null}
     * @return the consumer tag, for {@link #basicCancel}
     * @throws dev.pika.exceptions.DuplicateConsumerTagException when the tag is in use on this channel
     * @throws ChannelWrongStateException when the channel is not open
     */
    public String basicConsume(
            String queue,
            OnMessageCallback<Channel> onMessageCallback,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments,
            Consumer<Basic.ConsumeOk> callback) {
        checkThread("Channel.basicConsume");
        return engine.consume(queue, onMessageCallback, autoAck, exclusive, consumerTag, arguments, callback, null);
    }

    /**
     * Starts a consumer with manual acknowledgement and returns the future of {@code Basic.ConsumeOk} (which
     * carries the consumer tag). {@code basicConsume} returns the tag, as in Pika, so its future form has its own
     * name.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @return completed with {@code Basic.ConsumeOk}
     */
    public CompletableFuture<Basic.ConsumeOk> basicConsumeFuture(
            String queue, OnMessageCallback<Channel> onMessageCallback) {
        return basicConsumeFuture(queue, onMessageCallback, false, false, null, null);
    }

    /**
     * Starts a consumer and returns the future of {@code Basic.ConsumeOk}.
     *
     * @param queue the queue
     * @param onMessageCallback receives the messages
     * @param autoAck whether the broker acknowledges for the consumer
     * @param exclusive whether no other consumer may use the queue
     * @param consumerTag the tag, or {@code null} to generate one
     * @param arguments consumer arguments, or {@code null}
     * @return completed with {@code Basic.ConsumeOk}
     */
    public CompletableFuture<Basic.ConsumeOk> basicConsumeFuture(
            String queue,
            OnMessageCallback<Channel> onMessageCallback,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments) {
        checkThread("Channel.basicConsumeFuture");
        CompletableFuture<Basic.ConsumeOk> future = new CompletableFuture<>();
        engine.consume(queue, onMessageCallback, autoAck, exclusive, consumerTag, arguments, null, future);
        return future;
    }

    /**
     * Cancels a consumer (Pika's {@code basic_cancel}). The broker stops delivering to it; messages already on their
     * way are rejected (requeued) as they arrive. Unknown or already cancelling tags are logged and ignored.
     *
     * @param consumerTag the consumer's tag
     * @param callback receives {@code Basic.CancelOk}; {@code null} sends {@code Basic.Cancel} with {@code nowait}
     * @throws ChannelWrongStateException when the channel is not open
     */
    public void basicCancel(String consumerTag, Consumer<Basic.CancelOk> callback) {
        checkThread("Channel.basicCancel");
        engine.cancel(consumerTag, callback == null, callback, null);
    }

    /**
     * Cancels a consumer and returns the future of {@code Basic.CancelOk}. When there is no such consumer (it was
     * cancelled already, e.g. by the broker) or it is already being cancelled, the future completes at once.
     *
     * @param consumerTag the consumer's tag
     * @return completed with {@code Basic.CancelOk}
     */
    public CompletableFuture<Basic.CancelOk> basicCancel(String consumerTag) {
        checkThread("Channel.basicCancel");
        CompletableFuture<Basic.CancelOk> future = new CompletableFuture<>();
        engine.cancel(consumerTag, false, null, future);
        return future;
    }

    /**
     * Gets one message from a queue (Pika's {@code basic_get}), with manual acknowledgement.
     *
     * @param queue the queue
     * @param callback receives the message, or {@link GetResult#empty()} when the queue is empty
     */
    public void basicGet(String queue, Consumer<GetResult> callback) {
        basicGet(queue, callback, false);
    }

    /**
     * Gets one message from a queue (Pika's {@code basic_get}). Only one get may be outstanding on a channel at a
     * time.
     *
     * @param queue the queue ({@code ""}: the channel's last declared queue)
     * @param callback receives the message ({@code Basic.GetOk}, properties, body), or {@link GetResult#empty()} for
     *     {@code Basic.GetEmpty}
     * @param autoAck whether the broker considers the message acknowledged once sent
     * @throws dev.pika.exceptions.DuplicateGetOkCallbackException when the previous get has not been answered yet
     */
    public void basicGet(String queue, Consumer<GetResult> callback, boolean autoAck) {
        checkThread("Channel.basicGet");
        Objects.requireNonNull(callback, "callback must not be null (or use the CompletableFuture form)");
        engine.get(queue, autoAck, callback, null);
    }

    /**
     * Gets one message from a queue, with manual acknowledgement; the future form.
     *
     * @param queue the queue
     * @return completed with the message, or {@link GetResult#empty()}
     */
    public CompletableFuture<GetResult> basicGet(String queue) {
        return basicGet(queue, false);
    }

    /**
     * Gets one message from a queue; the future form.
     *
     * @param queue the queue
     * @param autoAck whether the broker considers the message acknowledged once sent
     * @return completed with the message, or {@link GetResult#empty()}
     * @throws dev.pika.exceptions.DuplicateGetOkCallbackException when the previous get has not been answered yet
     */
    public CompletableFuture<GetResult> basicGet(String queue, boolean autoAck) {
        checkThread("Channel.basicGet");
        CompletableFuture<GetResult> future = new CompletableFuture<>();
        engine.get(queue, autoAck, null, future);
        return future;
    }

    /**
     * Sets the prefetch count for this channel's consumers: {@code basicQos(0, prefetchCount, false)}.
     *
     * @param prefetchCount messages sent ahead of acknowledgements; 0 for no limit
     * @return completed with {@code Basic.QosOk}
     */
    public CompletableFuture<Basic.QosOk> basicQos(int prefetchCount) {
        return basicQos(0, prefetchCount, false);
    }

    /**
     * Specifies quality of service; the future form.
     *
     * @param prefetchSize the prefetch window in octets; 0 for no specific limit
     * @param prefetchCount the prefetch window in whole messages; 0 for no limit
     * @param globalQos whether the limits apply to the whole connection
     * @return completed with {@code Basic.QosOk}
     */
    public CompletableFuture<Basic.QosOk> basicQos(long prefetchSize, int prefetchCount, boolean globalQos) {
        checkThread("Channel.basicQos");
        engine.requireOpen();
        return engine.callFuture(new Basic.Qos(prefetchSize, prefetchCount, globalQos), Basic.QosOk.class);
    }

    /**
     * Specifies quality of service (Pika's {@code basic_qos}): how many messages (or octets) the broker sends ahead
     * of acknowledgements. The prefetch limits are ignored for consumers with automatic acknowledgement.
     *
     * @param prefetchSize the prefetch window in octets; 0 for no specific limit
     * @param prefetchCount the prefetch window in whole messages; 0 for no limit
     * @param globalQos whether the limits apply to the whole connection
     * @param callback receives {@code Basic.QosOk}, or {@code null}
     * @throws IllegalArgumentException when a count is negative or out of its AMQP range
     */
    public void basicQos(long prefetchSize, int prefetchCount, boolean globalQos, Consumer<Basic.QosOk> callback) {
        checkThread("Channel.basicQos");
        engine.requireOpen();
        engine.call(new Basic.Qos(prefetchSize, prefetchCount, globalQos), Basic.QosOk.class, callback);
    }

    /**
     * Asks the broker to redeliver the unacknowledged messages; the future form.
     *
     * @param requeue {@code false}: redeliver to the same consumer; {@code true}: requeue (possibly to another one)
     * @return completed with {@code Basic.RecoverOk}
     */
    public CompletableFuture<Basic.RecoverOk> basicRecover(boolean requeue) {
        checkThread("Channel.basicRecover");
        engine.requireOpen();
        return engine.callFuture(new Basic.Recover(requeue), Basic.RecoverOk.class);
    }

    /**
     * Asks the broker to redeliver the unacknowledged messages of this channel (Pika's {@code basic_recover}).
     *
     * @param requeue {@code false}: redeliver to the same consumer; {@code true}: requeue (possibly to another one)
     * @param callback receives {@code Basic.RecoverOk}, or {@code null}
     */
    public void basicRecover(boolean requeue, Consumer<Basic.RecoverOk> callback) {
        checkThread("Channel.basicRecover");
        engine.requireOpen();
        engine.call(new Basic.Recover(requeue), Basic.RecoverOk.class, callback);
    }

    // ------------------------------------------------------------------------------------------------
    // Exchanges

    /**
     * Declares a direct exchange; the future form of {@code exchangeDeclare(exchange, "direct", false, false, false,
     * false, null)}.
     *
     * @param exchange the exchange name
     * @return completed with {@code Exchange.DeclareOk}
     */
    public CompletableFuture<Exchange.DeclareOk> exchangeDeclare(String exchange) {
        return exchangeDeclare(exchange, DEFAULT_EXCHANGE_TYPE, false, false, false, false, null);
    }

    /**
     * Declares an exchange of a type; the future form.
     *
     * @param exchange the exchange name
     * @param exchangeType {@code direct}, {@code fanout}, {@code topic}, {@code headers} or a plugin's type
     * @return completed with {@code Exchange.DeclareOk}
     */
    public CompletableFuture<Exchange.DeclareOk> exchangeDeclare(String exchange, String exchangeType) {
        return exchangeDeclare(exchange, exchangeType, false, false, false, false, null);
    }

    /**
     * Declares an exchange; the future form.
     *
     * @param exchange the exchange name
     * @param exchangeType the exchange type
     * @param passive only check that it exists
     * @param durable survive a broker restart
     * @param autoDelete delete it when no queue is bound to it any more
     * @param internal only other exchanges may publish to it
     * @param arguments exchange arguments, or {@code null}
     * @return completed with {@code Exchange.DeclareOk}
     */
    public CompletableFuture<Exchange.DeclareOk> exchangeDeclare(
            String exchange,
            String exchangeType,
            boolean passive,
            boolean durable,
            boolean autoDelete,
            boolean internal,
            Map<String, Object> arguments) {
        checkThread("Channel.exchangeDeclare");
        requireName(exchange, "exchange");
        engine.requireOpen();
        return engine.callFuture(
                new Exchange.Declare(
                        0, exchange, exchangeType, passive, durable, autoDelete, internal, false, arguments),
                Exchange.DeclareOk.class);
    }

    /**
     * Declares an exchange, creating it if needed (Pika's {@code exchange_declare}); with {@code passive}, only
     * checks that it exists (the broker closes the channel with 404 when it does not).
     *
     * @param exchange the exchange name: letters, digits, hyphen, underscore, period or colon
     * @param exchangeType the exchange type
     * @param passive only check that it exists
     * @param durable survive a broker restart
     * @param autoDelete delete it when no queue is bound to it any more
     * @param internal only other exchanges may publish to it
     * @param arguments exchange arguments, or {@code null}
     * @param callback receives {@code Exchange.DeclareOk}; {@code null} sends the method with {@code nowait}
     */
    public void exchangeDeclare(
            String exchange,
            String exchangeType,
            boolean passive,
            boolean durable,
            boolean autoDelete,
            boolean internal,
            Map<String, Object> arguments,
            Consumer<Exchange.DeclareOk> callback) {
        checkThread("Channel.exchangeDeclare");
        requireName(exchange, "exchange");
        engine.requireOpen();
        Exchange.Declare request = new Exchange.Declare(
                0, exchange, exchangeType, passive, durable, autoDelete, internal, callback == null, arguments);
        callOrNowait(request, Exchange.DeclareOk.class, callback);
    }

    /**
     * Deletes an exchange; the future form of {@code exchangeDelete(exchange, false, ...)}.
     *
     * @param exchange the exchange name
     * @return completed with {@code Exchange.DeleteOk}
     */
    public CompletableFuture<Exchange.DeleteOk> exchangeDelete(String exchange) {
        return exchangeDelete(exchange, false);
    }

    /**
     * Deletes an exchange; the future form.
     *
     * @param exchange the exchange name
     * @param ifUnused only delete it when it has no bindings
     * @return completed with {@code Exchange.DeleteOk}
     */
    public CompletableFuture<Exchange.DeleteOk> exchangeDelete(String exchange, boolean ifUnused) {
        checkThread("Channel.exchangeDelete");
        requireName(exchange, "exchange");
        engine.requireOpen();
        return engine.callFuture(new Exchange.Delete(0, exchange, ifUnused, false), Exchange.DeleteOk.class);
    }

    /**
     * Deletes an exchange (Pika's {@code exchange_delete}).
     *
     * @param exchange the exchange name
     * @param ifUnused only delete it when it has no bindings
     * @param callback receives {@code Exchange.DeleteOk}; {@code null} sends the method with {@code nowait}
     */
    public void exchangeDelete(String exchange, boolean ifUnused, Consumer<Exchange.DeleteOk> callback) {
        checkThread("Channel.exchangeDelete");
        requireName(exchange, "exchange");
        engine.requireOpen();
        callOrNowait(new Exchange.Delete(0, exchange, ifUnused, callback == null), Exchange.DeleteOk.class, callback);
    }

    /**
     * Binds an exchange to another with an empty routing key; the future form.
     *
     * @param destination the exchange that receives the messages
     * @param source the exchange the messages come from
     * @return completed with {@code Exchange.BindOk}
     */
    public CompletableFuture<Exchange.BindOk> exchangeBind(String destination, String source) {
        return exchangeBind(destination, source, "", null);
    }

    /**
     * Binds an exchange to another (RabbitMQ's exchange-to-exchange bindings); the future form.
     *
     * @param destination the exchange that receives the messages
     * @param source the exchange the messages come from
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @return completed with {@code Exchange.BindOk}
     */
    public CompletableFuture<Exchange.BindOk> exchangeBind(
            String destination, String source, String routingKey, Map<String, Object> arguments) {
        checkThread("Channel.exchangeBind");
        requireName(destination, "destination");
        requireName(source, "source");
        engine.requireOpen();
        return engine.callFuture(
                new Exchange.Bind(0, destination, source, routingKey, false, arguments), Exchange.BindOk.class);
    }

    /**
     * Binds an exchange to another (Pika's {@code exchange_bind}).
     *
     * @param destination the exchange that receives the messages
     * @param source the exchange the messages come from
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @param callback receives {@code Exchange.BindOk}; {@code null} sends the method with {@code nowait}
     */
    public void exchangeBind(
            String destination,
            String source,
            String routingKey,
            Map<String, Object> arguments,
            Consumer<Exchange.BindOk> callback) {
        checkThread("Channel.exchangeBind");
        requireName(destination, "destination");
        requireName(source, "source");
        engine.requireOpen();
        callOrNowait(
                new Exchange.Bind(0, destination, source, routingKey, callback == null, arguments),
                Exchange.BindOk.class,
                callback);
    }

    /**
     * Removes an exchange-to-exchange binding with an empty routing key; the future form.
     *
     * @param destination the exchange that received the messages
     * @param source the exchange the messages came from
     * @return completed with {@code Exchange.UnbindOk}
     */
    public CompletableFuture<Exchange.UnbindOk> exchangeUnbind(String destination, String source) {
        return exchangeUnbind(destination, source, "", null);
    }

    /**
     * Removes an exchange-to-exchange binding; the future form.
     *
     * @param destination the exchange that received the messages
     * @param source the exchange the messages came from
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @return completed with {@code Exchange.UnbindOk}
     */
    public CompletableFuture<Exchange.UnbindOk> exchangeUnbind(
            String destination, String source, String routingKey, Map<String, Object> arguments) {
        checkThread("Channel.exchangeUnbind");
        requireName(destination, "destination");
        requireName(source, "source");
        engine.requireOpen();
        return engine.callFuture(
                new Exchange.Unbind(0, destination, source, routingKey, false, arguments), Exchange.UnbindOk.class);
    }

    /**
     * Removes an exchange-to-exchange binding (Pika's {@code exchange_unbind}).
     *
     * @param destination the exchange that received the messages
     * @param source the exchange the messages came from
     * @param routingKey the binding's routing key
     * @param arguments binding arguments, or {@code null}
     * @param callback receives {@code Exchange.UnbindOk}; {@code null} sends the method with {@code nowait}
     */
    public void exchangeUnbind(
            String destination,
            String source,
            String routingKey,
            Map<String, Object> arguments,
            Consumer<Exchange.UnbindOk> callback) {
        checkThread("Channel.exchangeUnbind");
        requireName(destination, "destination");
        requireName(source, "source");
        engine.requireOpen();
        callOrNowait(
                new Exchange.Unbind(0, destination, source, routingKey, callback == null, arguments),
                Exchange.UnbindOk.class,
                callback);
    }

    // ------------------------------------------------------------------------------------------------
    // Queues

    /**
     * Declares a queue with the default flags; the future form. An empty name asks the broker to generate one
     * ({@code Queue.DeclareOk.queue()}).
     *
     * @param queue the queue name, or {@code ""} for a server-named queue
     * @return completed with {@code Queue.DeclareOk}
     */
    public CompletableFuture<Queue.DeclareOk> queueDeclare(String queue) {
        return queueDeclare(queue, false, false, false, false, null);
    }

    /**
     * Declares a queue; the future form.
     *
     * @param queue the queue name, or {@code ""} for a server-named queue
     * @param passive only check that it exists
     * @param durable survive a broker restart
     * @param exclusive only this connection may use it; deleted when the connection closes
     * @param autoDelete delete it when its last consumer is cancelled
     * @param arguments queue arguments ({@code x-message-ttl}...), or {@code null}
     * @return completed with {@code Queue.DeclareOk}
     */
    public CompletableFuture<Queue.DeclareOk> queueDeclare(
            String queue,
            boolean passive,
            boolean durable,
            boolean exclusive,
            boolean autoDelete,
            Map<String, Object> arguments) {
        checkThread("Channel.queueDeclare");
        requireName(queue, "queue");
        engine.requireOpen();
        return engine.callFuture(
                new Queue.Declare(0, queue, passive, durable, exclusive, autoDelete, false, arguments),
                Queue.DeclareOk.class);
    }

    /**
     * Declares a queue, creating it if needed (Pika's {@code queue_declare}).
     *
     * @param queue the queue name, or {@code ""} for a server-named queue
     * @param passive only check that it exists
     * @param durable survive a broker restart
     * @param exclusive only this connection may use it; deleted when the connection closes
     * @param autoDelete delete it when its last consumer is cancelled
     * @param arguments queue arguments, or {@code null}
     * @param callback receives {@code Queue.DeclareOk}; {@code null} sends the method with {@code nowait}
     */
    public void queueDeclare(
            String queue,
            boolean passive,
            boolean durable,
            boolean exclusive,
            boolean autoDelete,
            Map<String, Object> arguments,
            Consumer<Queue.DeclareOk> callback) {
        checkThread("Channel.queueDeclare");
        requireName(queue, "queue");
        engine.requireOpen();
        callOrNowait(
                new Queue.Declare(0, queue, passive, durable, exclusive, autoDelete, callback == null, arguments),
                Queue.DeclareOk.class,
                callback);
    }

    /**
     * Binds a queue to an exchange with the queue's name as routing key; the future form.
     *
     * @param queue the queue
     * @param exchange the exchange
     * @return completed with {@code Queue.BindOk}
     */
    public CompletableFuture<Queue.BindOk> queueBind(String queue, String exchange) {
        return queueBind(queue, exchange, null, null);
    }

    /**
     * Binds a queue to an exchange; the future form.
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name (as Pika)
     * @param arguments binding arguments, or {@code null}
     * @return completed with {@code Queue.BindOk}
     */
    public CompletableFuture<Queue.BindOk> queueBind(
            String queue, String exchange, String routingKey, Map<String, Object> arguments) {
        checkThread("Channel.queueBind");
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        engine.requireOpen();
        return engine.callFuture(
                new Queue.Bind(0, queue, exchange, routingKey == null ? queue : routingKey, false, arguments),
                Queue.BindOk.class);
    }

    /**
     * Binds a queue to an exchange (Pika's {@code queue_bind}).
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name
     * @param arguments binding arguments, or {@code null}
     * @param callback receives {@code Queue.BindOk}; {@code null} sends the method with {@code nowait}
     */
    public void queueBind(
            String queue,
            String exchange,
            String routingKey,
            Map<String, Object> arguments,
            Consumer<Queue.BindOk> callback) {
        checkThread("Channel.queueBind");
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        engine.requireOpen();
        callOrNowait(
                new Queue.Bind(
                        0, queue, exchange, routingKey == null ? queue : routingKey, callback == null, arguments),
                Queue.BindOk.class,
                callback);
    }

    /**
     * Unbinds a queue from an exchange (routing key: the queue's name); the future form.
     *
     * @param queue the queue
     * @param exchange the exchange
     * @return completed with {@code Queue.UnbindOk}
     */
    public CompletableFuture<Queue.UnbindOk> queueUnbind(String queue, String exchange) {
        return queueUnbind(queue, exchange, null, null);
    }

    /**
     * Unbinds a queue from an exchange; the future form.
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name
     * @param arguments binding arguments, or {@code null}
     * @return completed with {@code Queue.UnbindOk}
     */
    public CompletableFuture<Queue.UnbindOk> queueUnbind(
            String queue, String exchange, String routingKey, Map<String, Object> arguments) {
        checkThread("Channel.queueUnbind");
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        engine.requireOpen();
        return engine.callFuture(
                new Queue.Unbind(0, queue, exchange, routingKey == null ? queue : routingKey, arguments),
                Queue.UnbindOk.class);
    }

    /**
     * Unbinds a queue from an exchange (Pika's {@code queue_unbind}; the method has no {@code nowait}).
     *
     * @param queue the queue
     * @param exchange the exchange
     * @param routingKey the binding's routing key, or {@code null} for the queue's name
     * @param arguments binding arguments, or {@code null}
     * @param callback receives {@code Queue.UnbindOk}, or {@code null}
     */
    public void queueUnbind(
            String queue,
            String exchange,
            String routingKey,
            Map<String, Object> arguments,
            Consumer<Queue.UnbindOk> callback) {
        checkThread("Channel.queueUnbind");
        requireName(queue, "queue");
        requireName(exchange, "exchange");
        engine.requireOpen();
        engine.call(
                new Queue.Unbind(0, queue, exchange, routingKey == null ? queue : routingKey, arguments),
                Queue.UnbindOk.class,
                callback);
    }

    /**
     * Purges a queue; the future form.
     *
     * @param queue the queue
     * @return completed with {@code Queue.PurgeOk} (the number of messages purged)
     */
    public CompletableFuture<Queue.PurgeOk> queuePurge(String queue) {
        checkThread("Channel.queuePurge");
        requireName(queue, "queue");
        engine.requireOpen();
        return engine.callFuture(new Queue.Purge(0, queue, false), Queue.PurgeOk.class);
    }

    /**
     * Removes all ready messages from a queue (Pika's {@code queue_purge}).
     *
     * @param queue the queue
     * @param callback receives {@code Queue.PurgeOk}; {@code null} sends the method with {@code nowait}
     */
    public void queuePurge(String queue, Consumer<Queue.PurgeOk> callback) {
        checkThread("Channel.queuePurge");
        requireName(queue, "queue");
        engine.requireOpen();
        callOrNowait(new Queue.Purge(0, queue, callback == null), Queue.PurgeOk.class, callback);
    }

    /**
     * Deletes a queue; the future form of {@code queueDelete(queue, false, false, ...)}.
     *
     * @param queue the queue
     * @return completed with {@code Queue.DeleteOk} (the number of messages deleted)
     */
    public CompletableFuture<Queue.DeleteOk> queueDelete(String queue) {
        return queueDelete(queue, false, false);
    }

    /**
     * Deletes a queue; the future form.
     *
     * @param queue the queue
     * @param ifUnused only delete it when it has no consumers
     * @param ifEmpty only delete it when it has no messages
     * @return completed with {@code Queue.DeleteOk}
     */
    public CompletableFuture<Queue.DeleteOk> queueDelete(String queue, boolean ifUnused, boolean ifEmpty) {
        checkThread("Channel.queueDelete");
        requireName(queue, "queue");
        engine.requireOpen();
        return engine.callFuture(new Queue.Delete(0, queue, ifUnused, ifEmpty, false), Queue.DeleteOk.class);
    }

    /**
     * Deletes a queue (Pika's {@code queue_delete}).
     *
     * @param queue the queue
     * @param ifUnused only delete it when it has no consumers
     * @param ifEmpty only delete it when it has no messages
     * @param callback receives {@code Queue.DeleteOk}; {@code null} sends the method with {@code nowait}
     */
    public void queueDelete(String queue, boolean ifUnused, boolean ifEmpty, Consumer<Queue.DeleteOk> callback) {
        checkThread("Channel.queueDelete");
        requireName(queue, "queue");
        engine.requireOpen();
        callOrNowait(new Queue.Delete(0, queue, ifUnused, ifEmpty, callback == null), Queue.DeleteOk.class, callback);
    }

    // ------------------------------------------------------------------------------------------------
    // Transactions and flow

    /**
     * Selects standard transaction mode; the future form.
     *
     * @return completed with {@code Tx.SelectOk}
     */
    public CompletableFuture<Tx.SelectOk> txSelect() {
        checkThread("Channel.txSelect");
        engine.requireOpen();
        return engine.callFuture(Tx.Select.INSTANCE, Tx.SelectOk.class);
    }

    /**
     * Selects standard transaction mode (Pika's {@code tx_select}): publishes and acknowledgements take effect at
     * {@link #txCommit}.
     *
     * @param callback receives {@code Tx.SelectOk}, or {@code null}
     */
    public void txSelect(Consumer<Tx.SelectOk> callback) {
        checkThread("Channel.txSelect");
        engine.requireOpen();
        engine.call(Tx.Select.INSTANCE, Tx.SelectOk.class, callback);
    }

    /**
     * Commits the current transaction; the future form.
     *
     * @return completed with {@code Tx.CommitOk}
     */
    public CompletableFuture<Tx.CommitOk> txCommit() {
        checkThread("Channel.txCommit");
        engine.requireOpen();
        return engine.callFuture(Tx.Commit.INSTANCE, Tx.CommitOk.class);
    }

    /**
     * Commits the current transaction (Pika's {@code tx_commit}).
     *
     * @param callback receives {@code Tx.CommitOk}, or {@code null}
     */
    public void txCommit(Consumer<Tx.CommitOk> callback) {
        checkThread("Channel.txCommit");
        engine.requireOpen();
        engine.call(Tx.Commit.INSTANCE, Tx.CommitOk.class, callback);
    }

    /**
     * Rolls back the current transaction; the future form.
     *
     * @return completed with {@code Tx.RollbackOk}
     */
    public CompletableFuture<Tx.RollbackOk> txRollback() {
        checkThread("Channel.txRollback");
        engine.requireOpen();
        return engine.callFuture(Tx.Rollback.INSTANCE, Tx.RollbackOk.class);
    }

    /**
     * Rolls back the current transaction (Pika's {@code tx_rollback}).
     *
     * @param callback receives {@code Tx.RollbackOk}, or {@code null}
     */
    public void txRollback(Consumer<Tx.RollbackOk> callback) {
        checkThread("Channel.txRollback");
        engine.requireOpen();
        engine.call(Tx.Rollback.INSTANCE, Tx.RollbackOk.class, callback);
    }

    /**
     * Asks the broker to stop or restart sending content on this channel; the future form.
     *
     * @param active {@code false} to stop, {@code true} to restart
     * @return completed with the flow state the broker confirmed
     */
    public CompletableFuture<Boolean> flow(boolean active) {
        checkThread("Channel.flow");
        CompletableFuture<Boolean> future = new CompletableFuture<>();
        engine.flow(active, null, future);
        return future;
    }

    /**
     * Turns channel flow control off and on (Pika's {@code flow}).
     *
     * @param active {@code false} to stop, {@code true} to restart
     * @param callback receives the flow state the broker confirmed ({@code Channel.FlowOk.active}), or {@code null}
     */
    public void flow(boolean active, Consumer<Boolean> callback) {
        checkThread("Channel.flow");
        engine.flow(active, callback, null);
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Closes the channel gracefully with Pika's defaults: {@code close(0, "Normal shutdown")}.
     *
     * @throws ChannelWrongStateException when the channel is already closing or closed
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_REPLY_CODE, DEFAULT_CLOSE_REPLY_TEXT);
    }

    /**
     * Closes the channel gracefully (Pika's {@code close}): cancels its consumers (with {@code nowait}), then sends
     * {@code Channel.Close} (after any pending synchronous method) and closes on {@code Channel.CloseOk}; the close
     * callbacks then receive a {@link dev.pika.exceptions.ChannelClosedByClientException}. An opening channel goes to
     * closing at once and never calls its on-open callback.
     *
     * @param replyCode the reply code to send
     * @param replyText the reply text to send
     * @throws ChannelWrongStateException when the channel is already closing or closed
     */
    public void close(int replyCode, String replyText) {
        checkThread("Channel.close");
        engine.close(replyCode, replyText);
    }

    private <R extends Method> void callOrNowait(Method request, Class<R> reply, Consumer<? super R> callback) {
        if (callback == null) {
            engine.callNowait(request);
        } else {
            engine.call(request, reply, callback);
        }
    }

    private static void requireName(String name, String parameter) {
        if (name == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
