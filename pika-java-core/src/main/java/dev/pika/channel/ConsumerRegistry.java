package dev.pika.channel;

import dev.pika.OnMessageCallback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel's consumers, as Pika's {@code _consumers}, {@code _consumers_with_noack} and {@code _cancelled}: the
 * message callback of each consumer tag, which consumers use automatic acknowledgement, and which are being cancelled
 * by the client (their late deliveries are rejected, not dispatched).
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class ConsumerRegistry {

    private final Map<String, OnMessageCallback<Channel>> consumers = new HashMap<>();
    private final Set<String> autoAck = new HashSet<>();
    private final Set<String> cancelling = new HashSet<>();

    /** Whether the tag is in use: by a consumer, or by one being cancelled. */
    boolean isTaken(String consumerTag) {
        return consumers.containsKey(consumerTag) || cancelling.contains(consumerTag);
    }

    void add(String consumerTag, OnMessageCallback<Channel> callback, boolean autoAcknowledge) {
        consumers.put(consumerTag, callback);
        if (autoAcknowledge) {
            autoAck.add(consumerTag);
        }
    }

    /** The consumer's callback, or {@code null} when there is no such consumer. */
    OnMessageCallback<Channel> callback(String consumerTag) {
        return consumers.get(consumerTag);
    }

    boolean contains(String consumerTag) {
        return consumers.containsKey(consumerTag);
    }

    boolean isCancelling(String consumerTag) {
        return cancelling.contains(consumerTag);
    }

    boolean isAutoAck(String consumerTag) {
        return autoAck.contains(consumerTag);
    }

    /**
     * Marks the consumer as being cancelled by the client. With {@code nowait} no {@code Basic.CancelOk} will come,
     * so its callback is forgotten now (Pika does the same).
     */
    void startCancel(String consumerTag, boolean nowait) {
        cancelling.add(consumerTag);
        if (nowait) {
            consumers.remove(consumerTag);
        }
    }

    /** Forgets everything about the consumer (Pika's {@code _cleanup_consumer_ref}). */
    void remove(String consumerTag) {
        consumers.remove(consumerTag);
        autoAck.remove(consumerTag);
        cancelling.remove(consumerTag);
    }

    /** The tags of the active consumers that are not being cancelled. */
    List<String> activeTags() {
        List<String> tags = new ArrayList<>(consumers.size());
        for (String tag : consumers.keySet()) {
            if (!cancelling.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /** The tags of every registered consumer, cancelling or not, as Pika's {@code consumer_tags}. */
    List<String> tags() {
        return List.copyOf(consumers.keySet());
    }

    void clear() {
        consumers.clear();
        autoAck.clear();
        cancelling.clear();
    }
}
