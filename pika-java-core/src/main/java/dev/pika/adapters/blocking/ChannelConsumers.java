package dev.pika.adapters.blocking;

import dev.pika.OnMessageCallback;
import dev.pika.channel.Channel;
import dev.pika.exceptions.DuplicateConsumerTagException;
import dev.pika.internal.EngineLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The consumers of one {@link BlockingChannel} on the application side: Pika's {@code _consumer_infos}, the queue
 * consumer generator and their event handling. Consumer callbacks registered with {@code basicConsume} receive their
 * messages through the connection's ready queue; the consume iterator's consumer receives them in its own queue
 * ({@link GeneratorState}). Cancelling a consumer requeues (rejects) the messages that arrived for it and were not
 * dispatched yet, for manual-acknowledgement consumers; an auto-ack consumer's are returned to the caller (Pika's
 * {@code basic_cancel}).
 *
 * <p>Not thread-safe: the application thread holding the connection's {@link ThreadGuard}.
 */
final class ChannelConsumers {

    private static final EngineLogger LOG = EngineLogger.get(BlockingChannel.class);

    /** What cancelling a consumer left: the auto-ack consumer's undelivered messages, or how many were requeued. */
    record CancelResult(List<Delivery> autoAckMessages, int requeued) {
        static final CancelResult NONE = new CancelResult(List.of(), 0);
    }

    private final BlockingChannel channel;
    private final Dispatcher dispatcher;
    private final LoopBridge bridge;
    private final OnMessageCallback<Channel> sink;
    private final Map<String, ConsumerInfo> consumers = new LinkedHashMap<>();
    private GeneratorState generator;

    ChannelConsumers(BlockingChannel channel, Dispatcher dispatcher, LoopBridge bridge, EventInbox inbox) {
        this.channel = channel;
        this.dispatcher = dispatcher;
        this.bridge = bridge;
        this.sink = (impl, method, properties, body) ->
                inbox.offerFromLoop(new Event.Message(channel, method, properties, body));
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    List<String> tags() {
        return List.copyOf(consumers.keySet());
    }

    GeneratorState generator() {
        return generator;
    }

    // ------------------------------------------------------------------------------------------------
    // Starting consumers

    String consume(
            String queue,
            OnMessageCallback<BlockingChannel> callback,
            boolean autoAck,
            boolean exclusive,
            String consumerTag,
            Map<String, Object> arguments) {
        String tag = consumerTag == null || consumerTag.isEmpty() ? generateTag() : consumerTag;
        if (consumers.containsKey(tag)) {
            throw new DuplicateConsumerTagException(tag);
        }
        ConsumerInfo info = new ConsumerInfo(tag, autoAck, callback);
        consumers.put(tag, info);
        try {
            channel.call(impl -> impl.basicConsumeFuture(queue, sink, autoAck, exclusive, tag, arguments));
        } catch (RuntimeException e) {
            consumers.remove(tag, info);
            throw e;
        }
        if (info.state == ConsumerInfo.State.SETTING_UP) {
            // The broker may have cancelled it already (e.g. the queue was deleted right away).
            info.state = ConsumerInfo.State.ACTIVE;
        }
        return tag;
    }

    ConsumeIterable iterate(
            String queue, boolean autoAck, boolean exclusive, Map<String, Object> arguments, Duration timeout) {
        GeneratorState current = generator;
        if (current != null) {
            if (!current.sameParameters(queue, autoAck, exclusive)) {
                throw new IllegalArgumentException("consume with different parameters is not allowed while the"
                        + " channel's consume iterator " + current.describe() + " is active; requested (queue=" + queue
                        + ", autoAck=" + autoAck + ", exclusive=" + exclusive + "): cancel() it first");
            }
            return new ConsumeIterable(channel, current, timeout);
        }
        GeneratorState created = new GeneratorState(queue, autoAck, exclusive, generateTag());
        generator = created;
        try {
            consume(queue, null, autoAck, exclusive, created.consumerTag, arguments);
        } catch (RuntimeException e) {
            if (generator == created) {
                generator = null;
            }
            throw e;
        }
        return new ConsumeIterable(channel, created, timeout);
    }

    private String generateTag() {
        return "ctag" + channel.channelNumber() + "."
                + UUID.randomUUID().toString().replace("-", "");
    }

    // ------------------------------------------------------------------------------------------------
    // Cancelling

    CancelResult cancel(String consumerTag) {
        ConsumerInfo info = consumers.get(consumerTag);
        if (info == null) {
            LOG.warn(
                    "basicCancel on channel {}: unknown consumer {} (already cancelled by the client or the broker?)",
                    channel.channelNumber(),
                    consumerTag);
            return CancelResult.NONE;
        }
        boolean cancelledByBroker = info.state == ConsumerInfo.State.CANCELLED_BY_BROKER;
        info.state = ConsumerInfo.State.TEARING_DOWN;
        try {
            int requeued = 0;
            dispatcher.drain();
            if (!info.autoAck) {
                requeued += requeue(removePending(consumerTag));
            }
            if (!cancelledByBroker) {
                channel.call(impl -> impl.basicCancel(consumerTag));
            }
            // Messages the I/O thread queued before the broker confirmed the cancellation.
            dispatcher.drain();
            List<Delivery> late = removePending(consumerTag);
            if (info.autoAck) {
                return new CancelResult(late, 0);
            }
            return new CancelResult(List.of(), requeued + requeue(late));
        } finally {
            consumers.remove(consumerTag);
            if (generator != null && generator.consumerTag.equals(consumerTag)) {
                generator = null;
            }
        }
    }

    /** Pika's {@code BlockingChannel.cancel}: cancels the consume iterator's consumer; returns how many were requeued. */
    int cancelGenerator() {
        GeneratorState current = generator;
        if (current == null) {
            LOG.warn(
                    "cancel on channel {}: no consume iterator is active (already cancelled by the client or the"
                            + " broker?)",
                    channel.channelNumber());
            return 0;
        }
        try {
            dispatcher.drain();
            int requeued = 0;
            List<Delivery> waiting = removePending(current.consumerTag);
            if (!current.autoAck) {
                requeued = requeue(waiting);
            }
            return requeued + cancel(current.consumerTag).requeued();
        } finally {
            generator = null;
        }
    }

    /** Pika's {@code _cancel_all_consumers}: the consume iterator, then every {@code basicConsume} consumer. */
    void cancelAll() {
        if (generator != null) {
            cancelGenerator();
        }
        for (String tag : tags()) {
            cancel(tag);
        }
    }

    private int requeue(List<Delivery> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        Channel impl = channel.impl();
        if (!impl.isOpen()) {
            return 0;
        }
        for (Delivery message : messages) {
            long deliveryTag = message.method().deliveryTag();
            bridge.execute(() -> {
                if (impl.isOpen()) {
                    impl.basicReject(deliveryTag, true);
                }
            });
        }
        return messages.size();
    }

    /** Takes the consumer's undelivered messages out of the ready queue and the iterator's queue, in order. */
    private List<Delivery> removePending(String consumerTag) {
        List<Delivery> removed = new ArrayList<>();
        dispatcher.removeReady(event -> {
            if (event instanceof Event.Message message
                    && message.channel() == channel
                    && message.method().consumerTag().equals(consumerTag)) {
                removed.add(new Delivery(message.method(), message.properties(), message.body()));
                return true;
            }
            return event instanceof Event.BrokerCancel cancel
                    && cancel.channel() == channel
                    && cancel.method().consumerTag().equals(consumerTag);
        });
        GeneratorState current = generator;
        if (current != null && current.consumerTag.equals(consumerTag)) {
            for (Object item : current.pending) {
                if (item instanceof Event.Message message) {
                    removed.add(new Delivery(message.method(), message.properties(), message.body()));
                }
            }
            current.pending.clear();
        }
        return removed;
    }

    // ------------------------------------------------------------------------------------------------
    // Events

    /** Routes a message: to the consume iterator when it is its consumer's, else to the ready queue. */
    void route(Event.Message message, java.util.ArrayDeque<Event> ready) {
        GeneratorState current = generator;
        if (current != null && current.consumerTag.equals(message.method().consumerTag())) {
            current.pending.add(message);
        } else {
            ready.add(message);
        }
    }

    /** Routes a broker cancellation: the consumer is marked at once; its forgetting waits for the dispatch. */
    void route(Event.BrokerCancel cancel, java.util.ArrayDeque<Event> ready) {
        String tag = cancel.method().consumerTag();
        ConsumerInfo info = consumers.get(tag);
        if (info == null || info.state == ConsumerInfo.State.TEARING_DOWN) {
            return; // the client cancels it itself, or it is gone already
        }
        info.state = ConsumerInfo.State.CANCELLED_BY_BROKER;
        GeneratorState current = generator;
        if (current != null && current.consumerTag.equals(tag)) {
            current.pending.add(GeneratorState.CANCELLED);
        } else {
            ready.add(cancel);
        }
    }

    void dispatch(Event.Message message) {
        ConsumerInfo info = consumers.get(message.method().consumerTag());
        if (info == null || info.callback == null) {
            LOG.warn(
                    "Channel {}: message for consumer {}, which is gone, dropped: {}",
                    channel.channelNumber(),
                    message.method().consumerTag(),
                    message.method());
            return;
        }
        info.callback.onMessage(channel, message.method(), message.properties(), message.body());
    }

    /** Forgets the consumer the broker cancelled. */
    void forgetCancelled(String consumerTag) {
        consumers.remove(consumerTag);
    }

    /**
     * The next message of the consume iterator, waiting (and dispatching other events) until one arrives.
     *
     * @return the message; {@link Delivery#empty()} after {@code timeout} without one; {@code null} when the consumer
     *     was cancelled or the thread interrupted
     */
    Delivery next(GeneratorState state, Duration timeout) {
        long deadline = timeout == null ? EventInbox.NO_DEADLINE : System.nanoTime() + timeout.toNanos();
        while (true) {
            dispatcher.drain();
            channel.throwIfClosedByBroker();
            if (generator != state) {
                return null;
            }
            Object item = state.pending.poll();
            if (item == GeneratorState.CANCELLED) {
                generator = null;
                consumers.remove(state.consumerTag);
                return null;
            }
            if (item != null) {
                Event.Message message = (Event.Message) item;
                return new Delivery(message.method(), message.properties(), message.body());
            }
            if (deadline != EventInbox.NO_DEADLINE && deadline - System.nanoTime() <= 0) {
                return Delivery.empty();
            }
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            dispatcher.runOnce(deadline, () -> !state.pending.isEmpty() || generator != state);
        }
    }

    /** The channel closed: forget every consumer and its undelivered messages (they are the broker's again). */
    void clear() {
        consumers.clear();
        generator = null;
        dispatcher.removeReady(event -> (event instanceof Event.Message message && message.channel() == channel)
                || (event instanceof Event.Returned returned && returned.channel() == channel)
                || (event instanceof Event.BrokerCancel cancel && cancel.channel() == channel));
    }
}
