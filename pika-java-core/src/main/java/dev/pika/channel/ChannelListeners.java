package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.OnReturnCallback;
import dev.pika.exceptions.AmqpException;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The application callbacks registered on a channel (close, cancel, return, flow, publisher confirms), each list
 * called in registration order. A callback that throws is logged and the others still run: application code cannot
 * break the channel's state machine.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class ChannelListeners {

    private static final EngineLogger LOG = EngineLogger.get(Channel.class);

    private final List<BiConsumer<Channel, AmqpException>> close = new ArrayList<>(2);
    private final List<Consumer<Basic.Cancel>> cancel = new ArrayList<>(1);
    private final List<OnReturnCallback<Channel>> returns = new ArrayList<>(1);
    private final List<Consumer<dev.pika.spec.Channel.Flow>> flow = new ArrayList<>(1);
    private final List<Consumer<Method>> confirms = new ArrayList<>(1);

    void addClose(BiConsumer<Channel, AmqpException> callback) {
        close.add(callback);
    }

    void addCancel(Consumer<Basic.Cancel> callback) {
        cancel.add(callback);
    }

    void addReturn(OnReturnCallback<Channel> callback) {
        returns.add(callback);
    }

    void addFlow(Consumer<dev.pika.spec.Channel.Flow> callback) {
        flow.add(callback);
    }

    void addConfirm(Consumer<Method> callback) {
        confirms.add(callback);
    }

    boolean hasFlowCallbacks() {
        return !flow.isEmpty();
    }

    boolean hasReturnCallbacks() {
        return !returns.isEmpty();
    }

    void fireClose(Channel channel, AmqpException reason) {
        for (int i = 0; i < close.size(); i++) {
            try {
                close.get(i).accept(channel, reason);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-close callback of channel " + channel.channelNumber(), e);
            }
        }
    }

    void fireCancel(Basic.Cancel method) {
        for (int i = 0; i < cancel.size(); i++) {
            try {
                cancel.get(i).accept(method);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-cancel callback", e);
            }
        }
    }

    void fireReturn(Channel channel, Basic.Return method, BasicProperties properties, byte[] body) {
        for (int i = 0; i < returns.size(); i++) {
            try {
                returns.get(i).onReturn(channel, method, properties, body);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-return callback of channel " + channel.channelNumber(), e);
            }
        }
    }

    void fireFlow(dev.pika.spec.Channel.Flow method) {
        for (int i = 0; i < flow.size(); i++) {
            try {
                flow.get(i).accept(method);
            } catch (RuntimeException e) {
                LOG.callbackFailed("on-flow callback", e);
            }
        }
    }

    void fireConfirm(Method ackOrNack) {
        for (int i = 0; i < confirms.size(); i++) {
            try {
                confirms.get(i).accept(ackOrNack);
            } catch (RuntimeException e) {
                LOG.callbackFailed("publisher-confirm (ack/nack) callback", e);
            }
        }
    }

    /** Drops every callback except the close callbacks, once the channel is closed. */
    void clearAfterClose() {
        cancel.clear();
        returns.clear();
        flow.clear();
        confirms.clear();
    }
}
