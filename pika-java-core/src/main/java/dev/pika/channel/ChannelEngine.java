package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.MetricsCollector;
import dev.pika.OnMessageCallback;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelClosedByClientException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.DuplicateConsumerTagException;
import dev.pika.exceptions.DuplicateGetOkCallbackException;
import dev.pika.exceptions.MethodNotImplementedException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.frame.ContentAssembler;
import dev.pika.internal.EngineLogger;
import dev.pika.io.IoServices;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel.Close;
import dev.pika.spec.Channel.CloseOk;
import dev.pika.spec.Channel.Flow;
import dev.pika.spec.Channel.FlowOk;
import dev.pika.spec.Channel.Open;
import dev.pika.spec.Channel.OpenOk;
import dev.pika.spec.Confirm;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The state machine behind one {@link Channel}: Pika's {@code channel.py} without its public face. It opens and
 * closes the channel in both directions, serialises synchronous methods ({@link RpcQueue}), dispatches assembled
 * content to consumers, {@code basicGet} and return callbacks, answers the broker's {@code Channel.Flow} and
 * {@code Channel.Close}, and tracks publisher confirms ({@link ConfirmTracker}).
 *
 * <p>Inbound protocol violations are thrown as {@link ProtocolSyntaxException}s carrying the reply code; the
 * connection closes with it. Application callbacks are guarded: what they throw is logged and the state machine goes
 * on.
 *
 * <p>Not thread-safe: the connection's I/O thread only (the public {@link Channel} checks the thread). {@link #state}
 * is volatile so that other threads may read it.
 */
final class ChannelEngine implements ContentAssembler.ContentListener {

    private static final EngineLogger LOG = EngineLogger.get(Channel.class);

    final ChannelOwner owner;
    final int number;
    final Channel channel;
    final ChannelEndpoint endpoint;
    final IoServices io;

    private final MetricsCollector metrics;
    private final String connectionName;
    private final ContentAssembler assembler;
    private final RpcQueue rpcs;
    private final ConsumerRegistry consumers = new ConsumerRegistry();
    private final ChannelListeners listeners = new ChannelListeners();
    private final AckFrames ackFrames;

    private volatile ChannelState state = ChannelState.CLOSED;
    private AmqpException closingReason;
    private Consumer<Channel> onOpen;
    private boolean opened;
    private boolean closeSent;
    private boolean flowActive = true;
    private boolean getOutstanding;
    private ConfirmTracker confirms;
    private boolean confirmSelectRequested;
    private Basic.Publish lastPublish;

    // Client acknowledgement counting for the metrics (see ackCount).
    private long lastDeliveryTag;
    private long multipleAckFloor;
    private int singleAcksAboveFloor;

    ChannelEngine(ChannelOwner owner, int number, Consumer<Channel> onOpen) {
        this.owner = owner;
        this.number = number;
        this.io = owner.ioServices();
        this.metrics = owner.metrics();
        this.connectionName = owner.connectionName();
        this.onOpen = onOpen;
        this.ackFrames = new AckFrames(number);
        this.assembler = new ContentAssembler(number, owner.maxInboundMessageBodySize(), this);
        this.rpcs = new RpcQueue(this::sendRequest);
        this.channel = new Channel(this);
        this.endpoint = new ChannelEndpoint(this);
    }

    // ------------------------------------------------------------------------------------------------
    // State

    ChannelState state() {
        return state;
    }

    /** Pika's {@code _raise_if_not_open}. */
    void requireOpen() {
        ChannelState current = state;
        if (current != ChannelState.OPEN) {
            throw wrongState(current);
        }
    }

    /** The state error; for a closed channel, caused by why it closed (a broker's close stays recognisable). */
    private ChannelWrongStateException wrongState(ChannelState current) {
        AmqpException reason = current == ChannelState.CLOSED ? closingReason : null;
        return new ChannelWrongStateException(
                switch (current) {
                    case OPENING ->
                        "Channel " + number + " is opening, but is not usable yet; use it from its"
                                + " on-open callback";
                    case CLOSING -> "Channel " + number + " is closing";
                    default -> "Channel " + number + " is closed" + (reason == null ? "" : ": " + reason);
                },
                reason);
    }

    boolean isFlowActive() {
        return flowActive;
    }

    boolean isConfirmMode() {
        return confirms != null;
    }

    int pendingConfirmCount() {
        return confirms == null ? 0 : confirms.pendingCount();
    }

    long nextPublishSequenceNumber() {
        return confirms == null ? 0 : confirms.nextSequenceNumber();
    }

    List<String> consumerTags() {
        return consumers.tags();
    }

    ChannelListeners listeners() {
        return listeners;
    }

    // ------------------------------------------------------------------------------------------------
    // Opening and closing

    /** Sends {@code Channel.Open}. */
    void open() {
        state = ChannelState.OPENING;
        rpcs.submit(new RpcQueue.Call(new Open(""), OpenOk.class, null, (reply, p, b) -> onOpenOk(), null));
    }

    private void onOpenOk() {
        if (state == ChannelState.CLOSING) {
            LOG.debug("Channel {}: suppressing Channel.OpenOk, the channel is closing", number);
            return;
        }
        state = ChannelState.OPEN;
        opened = true;
        metrics.channelOpened(connectionName, number);
        Consumer<Channel> callback = onOpen;
        onOpen = null;
        if (callback != null) {
            try {
                callback.accept(channel);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-open callback of channel " + number, e);
            }
        }
    }

    /** Pika's {@code Channel.close}: cancels the consumers (nowait) and sends {@code Channel.Close}. */
    void close(int replyCode, String replyText) {
        ChannelState current = state;
        if (current == ChannelState.CLOSED || current == ChannelState.CLOSING) {
            throw wrongState(current);
        }
        Close request = new Close(replyCode, replyText, 0, 0);
        LOG.debug("Closing channel {} ({}): {}", number, replyCode, replyText);
        closingReason = new ChannelClosedByClientException(replyCode, replyText);
        for (String tag : consumers.activeTags()) {
            rpcs.submit(new RpcQueue.Call(new Basic.Cancel(tag, true), null, null, null, null));
            consumers.startCancel(tag, true);
        }
        state = ChannelState.CLOSING;
        rpcs.submit(new RpcQueue.Call(request, CloseOk.class, null, (reply, p, b) -> transitionToClosed(), null));
    }

    /** Pika's {@code Connection._close_channels}: a graceful close of an opening or open channel. */
    void closeWithConnection(int replyCode, String replyText) {
        ChannelState current = state;
        if (current == ChannelState.OPEN || current == ChannelState.OPENING) {
            close(replyCode, replyText);
        }
    }

    /** Pika's {@code _on_close_meta}: the connection is gone, the channel closes at once with its reason. */
    void closeWithoutHandshake(AmqpException reason) {
        if (state != ChannelState.CLOSED) {
            closingReason = reason;
            transitionToClosed();
        }
    }

    private void transitionToClosed() {
        if (state == ChannelState.CLOSED) {
            return;
        }
        state = ChannelState.CLOSED;
        AmqpException reason = closingReason;
        assembler.reset();
        getOutstanding = false;
        rpcs.failAll(reason);
        if (confirms != null) {
            confirms.failAll(reason);
        }
        if (opened) {
            metrics.channelClosed(connectionName, number);
        }
        listeners.fireClose(channel, reason);
        consumers.clear();
        listeners.clearAfterClose();
        owner.channelClosed(endpoint);
    }

    // ------------------------------------------------------------------------------------------------
    // Synchronous methods

    private void sendRequest(Method request) {
        owner.sendMethod(number, request);
        if (request instanceof Close) {
            closeSent = true;
        } else if (request instanceof Confirm.Select && confirms == null) {
            // Sequence numbers count the publishes the broker sees after Confirm.Select.
            confirms = new ConfirmTracker(number);
        }
    }

    /** A request whose reply goes to an optional callback. */
    <R extends Method> void call(Method request, Class<R> reply, Consumer<? super R> callback) {
        rpcs.submit(new RpcQueue.Call(
                request,
                reply,
                null,
                callback == null ? null : (answer, p, b) -> deliverReply(callback, reply.cast(answer)),
                null));
    }

    /** A request whose reply completes the returned future. */
    <R extends Method> CompletableFuture<R> callFuture(Method request, Class<R> reply) {
        CompletableFuture<R> future = new CompletableFuture<>();
        rpcs.submit(
                new RpcQueue.Call(request, reply, null, (answer, p, b) -> future.complete(reply.cast(answer)), future));
        return future;
    }

    /** A {@code nowait} request: sent in order with the others, no reply. */
    void callNowait(Method request) {
        rpcs.submit(new RpcQueue.Call(request, null, null, null, null));
    }

    private <R> void deliverReply(Consumer<? super R> callback, R reply) {
        try {
            callback.accept(reply);
        } catch (RuntimeException e) {
            LOG.callbackFailed("callback for " + reply + " on channel " + number, e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Consumers and basic.get

    String consume(
            String queue,
            OnMessageCallback<Channel> onMessage,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments,
            Consumer<? super Basic.ConsumeOk> callback,
            CompletableFuture<Basic.ConsumeOk> future) {
        Objects.requireNonNull(queue, "queue must not be null (use \"\" for the channel's last declared queue)");
        Objects.requireNonNull(onMessage, "onMessageCallback must not be null");
        requireOpen();
        String tag = consumerTag == null || consumerTag.isEmpty() ? generateConsumerTag() : consumerTag;
        if (consumers.isTaken(tag)) {
            throw new DuplicateConsumerTagException(tag);
        }
        Basic.Consume request = new Basic.Consume(0, queue, tag, false, autoAck, exclusive, false, arguments);
        consumers.add(tag, onMessage, autoAck);
        RpcQueue.ReplyHandler handler = (reply, p, b) -> {
            if (future != null) {
                future.complete((Basic.ConsumeOk) reply);
            } else if (callback != null) {
                deliverReply(callback, (Basic.ConsumeOk) reply);
            }
        };
        try {
            rpcs.submit(new RpcQueue.Call(request, Basic.ConsumeOk.class, null, handler, future));
        } catch (RuntimeException e) {
            consumers.remove(tag);
            throw e;
        }
        return tag;
    }

    /** Pika's consumer tag format: {@code ctag<channel>.<32 hex digits>}. */
    private String generateConsumerTag() {
        return "ctag" + number + "." + UUID.randomUUID().toString().replace("-", "");
    }

    void cancel(
            String consumerTag,
            boolean nowait,
            Consumer<? super Basic.CancelOk> callback,
            CompletableFuture<Basic.CancelOk> future) {
        Objects.requireNonNull(consumerTag, "consumerTag must not be null");
        requireOpen();
        if (consumers.isCancelling(consumerTag) || !consumers.contains(consumerTag)) {
            LOG.warn(
                    "basicCancel on channel {}: consumer {} is {}",
                    number,
                    consumerTag,
                    consumers.isCancelling(consumerTag) ? "already being cancelled" : "not found");
            if (future != null) {
                future.complete(new Basic.CancelOk(consumerTag));
            }
            return;
        }
        Basic.Cancel request = new Basic.Cancel(consumerTag, nowait);
        if (nowait) {
            callNowait(request);
        } else {
            rpcs.submit(new RpcQueue.Call(
                    request,
                    Basic.CancelOk.class,
                    null,
                    (reply, p, b) -> {
                        consumers.remove(consumerTag);
                        if (future != null) {
                            future.complete((Basic.CancelOk) reply);
                        } else if (callback != null) {
                            deliverReply(callback, (Basic.CancelOk) reply);
                        }
                    },
                    future));
        }
        consumers.startCancel(consumerTag, nowait);
    }

    void get(String queue, boolean autoAck, Consumer<? super GetResult> callback, CompletableFuture<GetResult> future) {
        Objects.requireNonNull(queue, "queue must not be null (use \"\" for the channel's last declared queue)");
        requireOpen();
        if (getOutstanding) {
            throw new DuplicateGetOkCallbackException();
        }
        rpcs.submit(new RpcQueue.Call(
                new Basic.Get(0, queue, autoAck),
                Basic.GetOk.class,
                Basic.GetEmpty.class,
                (reply, properties, body) -> {
                    getOutstanding = false;
                    GetResult result =
                            reply instanceof Basic.GetOk ok ? new GetResult(ok, properties, body) : GetResult.empty();
                    if (future != null) {
                        future.complete(result);
                    } else {
                        deliverReply(callback, result);
                    }
                },
                future));
        getOutstanding = true;
    }

    // ------------------------------------------------------------------------------------------------
    // Publishing and acknowledgements

    long publish(String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(body, "body must not be null");
        requireOpen();
        sendPublish(exchange, routingKey, body, properties, mandatory);
        return confirms == null ? 0 : confirms.recordPlain(mandatory);
    }

    CompletableFuture<Void> publishConfirmed(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(body, "body must not be null");
        // A mandatory publish may come back as a Basic.Return, matched by content: keep a copy the caller cannot
        // change, or a reused array would make the return unattributable and the future would wrongly complete.
        return sendConfirmed(exchange, routingKey, body, properties, mandatory, mandatory ? body.clone() : body);
    }

    private CompletableFuture<Void> sendConfirmed(
            String exchange,
            String routingKey,
            byte[] body,
            BasicProperties properties,
            boolean mandatory,
            byte[] kept) {
        requireOpen();
        requireConfirmMode();
        BasicProperties sent = sendPublish(exchange, routingKey, body, properties, mandatory);
        PendingConfirm publish = new PendingConfirm(exchange, routingKey, sent, kept, mandatory);
        confirms.recordConfirmed(publish);
        return publish;
    }

    private void requireConfirmMode() {
        if (confirms == null) {
            throw new ChannelWrongStateException("basicPublishConfirmed needs confirm mode on channel " + number
                    + (confirmSelectRequested
                            ? ": Confirm.Select still waits behind an earlier synchronous method; publish from"
                                    + " confirmDelivery's callback or future"
                            : ": call confirmDelivery(...) first"));
        }
    }

    long publish(String exchange, String routingKey, ByteBuffer body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(body, "body must not be null");
        requireOpen();
        BasicProperties sent = properties == null ? BasicProperties.EMPTY : properties;
        owner.sendContent(number, publishMethod(exchange, routingKey, mandatory), sent, body, false);
        metrics.published(connectionName, body.remaining());
        return confirms == null ? 0 : confirms.recordPlain(mandatory);
    }

    /**
     * A confirm-mode publish of a buffer's bytes, sent in place when the transport can (large direct buffers): the
     * engine keeps a view of them until the broker confirms the message, for a nack's exception.
     */
    CompletableFuture<Void> publishConfirmed(
            String exchange, String routingKey, ByteBuffer body, BasicProperties properties, boolean mandatory) {
        Objects.requireNonNull(body, "body must not be null");
        if (mandatory) {
            // Its return is matched by content: the array form keeps a copy the caller cannot change.
            byte[] copy = new byte[body.remaining()];
            body.get(body.position(), copy);
            return sendConfirmed(exchange, routingKey, copy, properties, true, copy);
        }
        requireOpen();
        requireConfirmMode();
        BasicProperties sent = properties == null ? BasicProperties.EMPTY : properties;
        ByteBuffer view = body.duplicate();
        owner.sendContent(number, publishMethod(exchange, routingKey, false), sent, view, true);
        metrics.published(connectionName, view.remaining());
        PendingConfirm publish = new PendingConfirm(exchange, routingKey, sent, view);
        confirms.recordConfirmed(publish);
        return publish;
    }

    private BasicProperties sendPublish(
            String exchange, String routingKey, byte[] body, BasicProperties properties, boolean mandatory) {
        BasicProperties sent = properties == null ? BasicProperties.EMPTY : properties;
        owner.sendContent(number, publishMethod(exchange, routingKey, mandatory), sent, body, 0, body.length);
        metrics.published(connectionName, body.length);
        return sent;
    }

    /** The {@code Basic.Publish} method for a destination: the last one when it is the same (no allocation). */
    private Basic.Publish publishMethod(String exchange, String routingKey, boolean mandatory) {
        Basic.Publish method = lastPublish;
        if (method == null
                || method.mandatory() != mandatory
                || !method.exchange().equals(exchange)
                || !method.routingKey().equals(routingKey)) {
            method = new Basic.Publish(0, exchange, routingKey, mandatory, false);
            lastPublish = method;
        }
        return method;
    }

    void ack(long deliveryTag, boolean multiple) {
        requireOpen();
        owner.sendFrame(ackFrames.ack(deliveryTag, multiple), 0, AckFrames.FRAME_SIZE);
        metrics.acked(connectionName, ackCount(deliveryTag, multiple));
    }

    void nack(long deliveryTag, boolean multiple, boolean requeue) {
        requireOpen();
        owner.sendFrame(ackFrames.nack(deliveryTag, multiple, requeue), 0, AckFrames.FRAME_SIZE);
        metrics.nacked(connectionName, ackCount(deliveryTag, multiple), requeue);
    }

    void reject(long deliveryTag, boolean requeue) {
        requireOpen();
        owner.sendFrame(ackFrames.reject(deliveryTag, requeue), 0, AckFrames.FRAME_SIZE);
        ackCount(deliveryTag, false);
        metrics.rejected(connectionName, requeue);
    }

    /**
     * How many deliveries an acknowledgement covers, for the metrics: 1 for a single one; for {@code multiple}, the
     * delivery tags since the previous {@code multiple} acknowledgement less the single ones in between (exact when
     * the application acknowledges in delivery order).
     */
    private int ackCount(long deliveryTag, boolean multiple) {
        if (!multiple) {
            if (deliveryTag > multipleAckFloor) {
                singleAcksAboveFloor++;
            }
            return 1;
        }
        long upTo = deliveryTag == 0 ? lastDeliveryTag : deliveryTag;
        long covered = upTo - multipleAckFloor - singleAcksAboveFloor;
        multipleAckFloor = Math.max(multipleAckFloor, upTo);
        singleAcksAboveFloor = 0;
        return (int) Math.max(1, Math.min(covered, Integer.MAX_VALUE));
    }

    void confirmDelivery(
            Consumer<Method> ackNackCallback,
            Consumer<? super Confirm.SelectOk> onSelectOk,
            CompletableFuture<Confirm.SelectOk> future) {
        requireOpen();
        if (!owner.publisherConfirmsSupported()) {
            throw MethodNotImplementedException.notSupportedByServer("Confirm.Select");
        }
        if (future != null) {
            rpcs.submit(new RpcQueue.Call(
                    new Confirm.Select(false),
                    Confirm.SelectOk.class,
                    null,
                    (reply, p, b) -> future.complete((Confirm.SelectOk) reply),
                    future));
        } else if (onSelectOk != null) {
            call(new Confirm.Select(false), Confirm.SelectOk.class, onSelectOk);
        } else {
            callNowait(new Confirm.Select(true));
        }
        confirmSelectRequested = true;
        if (ackNackCallback != null) {
            listeners.addConfirm(ackNackCallback);
        }
    }

    void flow(boolean active, Consumer<Boolean> callback, CompletableFuture<Boolean> future) {
        requireOpen();
        rpcs.submit(new RpcQueue.Call(
                new Flow(active),
                FlowOk.class,
                null,
                (reply, p, b) -> {
                    boolean nowActive = ((FlowOk) reply).active();
                    flowActive = nowActive;
                    if (future != null) {
                        future.complete(nowActive);
                    } else if (callback != null) {
                        deliverReply(callback, nowActive);
                    }
                },
                future));
    }

    // ------------------------------------------------------------------------------------------------
    // Inbound frames

    void onMethod(Method method) {
        if (method.hasContent() && !isInboundContent(method)) {
            throw unexpected(method);
        }
        if (assembler.onMethod(method)) {
            return;
        }
        if (method instanceof Close close) {
            onBrokerClose(close);
        } else if (method instanceof CloseOk) {
            if (!rpcs.expects(method)) {
                throw unexpected(method);
            }
            rpcs.complete(method, null, null);
        } else if (closeSent) {
            LOG.debug("Channel {} is closing: discarding {}", number, method);
        } else if (rpcs.expects(method)) {
            rpcs.complete(method, null, null);
        } else if (method instanceof Basic.Ack ack) {
            onConfirm(ack.deliveryTag(), ack.multiple(), true, method);
        } else if (method instanceof Basic.Nack nack) {
            onConfirm(nack.deliveryTag(), nack.multiple(), false, method);
        } else if (method instanceof Basic.Cancel cancel) {
            onBrokerCancel(cancel);
        } else if (method instanceof Flow flow) {
            onBrokerFlow(flow);
        } else {
            throw unexpected(method);
        }
    }

    private static boolean isInboundContent(Method method) {
        return method instanceof Basic.Deliver || method instanceof Basic.Return || method instanceof Basic.GetOk;
    }

    void onContentHeader(int classId, long bodySize, BasicProperties properties) {
        assembler.onHeader(classId, bodySize, properties);
    }

    void onContentBody(ByteBuffer fragment) {
        assembler.onBody(fragment);
    }

    @Override
    public void onContent(Method method, BasicProperties properties, byte[] body) {
        if (method instanceof Basic.Deliver deliver) {
            onDeliver(deliver, properties, body);
        } else if (method instanceof Basic.Return returned) {
            onReturn(returned, properties, body);
        } else {
            Basic.GetOk getOk = (Basic.GetOk) method;
            lastDeliveryTag = getOk.deliveryTag();
            if (!rpcs.expects(getOk)) {
                throw unexpected(getOk);
            }
            metrics.consumed(connectionName, getOk.redelivered(), body.length);
            rpcs.complete(getOk, properties, body);
        }
    }

    private void onDeliver(Basic.Deliver deliver, BasicProperties properties, byte[] body) {
        lastDeliveryTag = deliver.deliveryTag();
        if (closeSent) {
            return;
        }
        metrics.consumed(connectionName, deliver.redelivered(), body.length);
        String tag = deliver.consumerTag();
        if (consumers.isCancelling(tag)) {
            if (state == ChannelState.OPEN && !consumers.isAutoAck(tag)) {
                reject(deliver.deliveryTag(), true);
            }
            return;
        }
        OnMessageCallback<Channel> callback = consumers.callback(tag);
        if (callback == null) {
            LOG.error("Channel {}: delivery for unknown consumer {} dropped: {}", number, tag, deliver);
            return;
        }
        try {
            callback.onMessage(channel, deliver, properties, body);
        } catch (RuntimeException e) {
            LOG.callbackFailed("on-message callback of consumer " + tag + " on channel " + number, e);
        }
    }

    private void onReturn(Basic.Return method, BasicProperties properties, byte[] body) {
        if (closeSent) {
            return;
        }
        metrics.returned(connectionName);
        if (confirms != null) {
            confirms.onReturn(method, properties, body);
        }
        if (!listeners.hasReturnCallbacks()) {
            LOG.debug("Channel {}: Basic.Return with no return callback: {}", number, method);
        }
        listeners.fireReturn(channel, method, properties, body);
    }

    private void onConfirm(long deliveryTag, boolean multiple, boolean ack, Method method) {
        if (confirms == null) {
            throw unexpected(method);
        }
        int count = confirms.onConfirm(deliveryTag, multiple, ack);
        if (count == 0) {
            LOG.debug("Channel {}: {} covered no pending publish", number, method);
        }
        if (ack) {
            metrics.publishAcked(connectionName, count);
        } else {
            metrics.publishNacked(connectionName, count);
        }
        listeners.fireConfirm(method);
    }

    private void onBrokerCancel(Basic.Cancel cancel) {
        LOG.debug("Channel {}: the broker cancelled consumer {}", number, cancel.consumerTag());
        if (!consumers.isCancelling(cancel.consumerTag())) {
            consumers.remove(cancel.consumerTag());
        }
        listeners.fireCancel(cancel);
    }

    private void onBrokerFlow(Flow flow) {
        flowActive = flow.active();
        owner.sendMethod(number, new FlowOk(flow.active()));
        if (!listeners.hasFlowCallbacks()) {
            LOG.warn("Channel.Flow(active={}) received from the broker on channel {}", flow.active(), number);
        }
        listeners.fireFlow(flow);
    }

    /** Pika's {@code _on_close_from_broker}: answers with {@code CloseOk} and closes with the broker's reason. */
    private void onBrokerClose(Close close) {
        LOG.warn("Channel {} closed by the broker ({}): {}", number, close.replyCode(), close.replyText());
        owner.sendMethod(number, CloseOk.INSTANCE);
        closingReason = new ChannelClosedByBrokerException(close.replyCode(), close.replyText());
        if (state == ChannelState.CLOSING && closeSent) {
            // Both sides closed at once: the CloseOk for our Channel.Close is still coming; wait for it so that the
            // channel number is not reused before the broker is done with it.
            return;
        }
        transitionToClosed();
    }

    private ProtocolSyntaxException unexpected(Method method) {
        return new ProtocolSyntaxException(
                ProtocolSyntaxException.COMMAND_INVALID,
                "Received " + method.name() + " on channel " + number + ", which the client did not expect"
                        + (rpcs.inFlightRequest() == null
                                ? ""
                                : " (waiting for the reply to "
                                        + rpcs.inFlightRequest().name() + ")"));
    }

    @Override
    public String toString() {
        return "Channel[number=" + number + ", state=" + state + ", connection=" + connectionName + "]";
    }
}
