package dev.pika.adapters.blocking;

import java.util.ArrayDeque;

/**
 * The consume iterator's consumer on a {@link BlockingChannel} (Pika's {@code _QueueConsumerGeneratorInfo}): the
 * parameters it was created with, so that a second {@code consume} with the same ones resumes it, its consumer tag,
 * and the messages that arrived for it and wait to be iterated. A broker cancellation is queued after the messages
 * that preceded it and ends the iteration when reached.
 *
 * <p>Not thread-safe: the application thread holding the connection's {@link ThreadGuard}.
 */
final class GeneratorState {

    /** Queued after the messages when the broker cancelled the consumer. */
    static final Object CANCELLED = new Object();

    final String queue;
    final boolean autoAck;
    final boolean exclusive;
    final String consumerTag;
    final ArrayDeque<Object> pending = new ArrayDeque<>();

    GeneratorState(String queue, boolean autoAck, boolean exclusive, String tag) {
        this.queue = queue;
        this.autoAck = autoAck;
        this.exclusive = exclusive;
        this.consumerTag = tag;
    }

    boolean sameParameters(String otherQueue, boolean otherAutoAck, boolean otherExclusive) {
        return queue.equals(otherQueue) && autoAck == otherAutoAck && exclusive == otherExclusive;
    }

    /**
     * The messages waiting to be iterated (Pika's {@code get_waiting_message_count}).
     *
     * @return the count, not counting a trailing cancellation
     */
    int waitingMessages() {
        int count = pending.size();
        return count > 0 && pending.peekLast() == CANCELLED ? count - 1 : count;
    }

    String describe() {
        return "(queue=" + queue + ", autoAck=" + autoAck + ", exclusive=" + exclusive + ")";
    }
}
