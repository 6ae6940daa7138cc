package dev.pika.adapters.blocking;

import dev.pika.OnMessageCallback;

/**
 * One consumer of a {@link BlockingChannel} as the application side sees it (Pika's {@code _ConsumerInfo}): its tag,
 * acknowledgement mode, callback (none for the consume iterator's consumer, whose messages go to the iterator) and
 * life-cycle state.
 *
 * <p>Not thread-safe: the application thread holding the connection's {@link ThreadGuard}.
 */
final class ConsumerInfo {

    /** Pika's consumer states. */
    enum State {
        /** {@code Basic.Consume} sent, {@code Basic.ConsumeOk} not yet received. */
        SETTING_UP,
        /** Consuming. */
        ACTIVE,
        /** The client is cancelling it. */
        TEARING_DOWN,
        /** The broker cancelled it ({@code Basic.Cancel}); dispatching the cancellation forgets it. */
        CANCELLED_BY_BROKER
    }

    final String consumerTag;
    final boolean autoAck;
    final OnMessageCallback<BlockingChannel> callback;
    State state = State.SETTING_UP;

    ConsumerInfo(String consumerTag, boolean autoAck, OnMessageCallback<BlockingChannel> callback) {
        this.consumerTag = consumerTag;
        this.autoAck = autoAck;
        this.callback = callback;
    }

    @Override
    public String toString() {
        return "Consumer[" + consumerTag + ", autoAck=" + autoAck + ", " + state + "]";
    }
}
