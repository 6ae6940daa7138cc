package dev.pika.examples.select;

import dev.pika.exceptions.AmqpException;

/**
 * Hooks to observe {@link AsynchronousPublisherExample}: every method has an empty default. Called on the example's
 * loop thread (except {@link #onStopped()}, called by the thread that ran the example); keep them short.
 */
public interface PublisherListener {

    /**
     * A connection opened and its channel is in confirm mode: publishing starts.
     *
     * @param connectionNumber 1 for the first connection, 2 after the first reconnection...
     */
    default void onPublishing(int connectionNumber) {}

    /**
     * A message was published.
     *
     * @param deliveryTag its sequence number on the channel: the delivery tag its confirmation will carry
     * @param messageId the message's {@code message_id} (the example's message number)
     */
    default void onPublished(long deliveryTag, String messageId) {}

    /**
     * The broker confirmed one message, or with {@code multiple} every message up to a delivery tag.
     *
     * @param ack {@code true} for {@code Basic.Ack}, {@code false} for {@code Basic.Nack}
     * @param deliveryTag the delivery tag of the confirmation
     * @param multiple whether it confirms every pending message up to {@code deliveryTag}
     * @param stats the counts after this confirmation
     */
    default void onConfirmed(boolean ack, long deliveryTag, boolean multiple, PublisherStats stats) {}

    /**
     * The connection could not be opened, or closed without being asked to; the example reconnects after {@link
     * AsynchronousPublisherExample#REOPEN_DELAY}.
     *
     * @param reason why
     */
    default void onConnectionLost(AmqpException reason) {}

    /**
     * The example stopped cleanly: channel and connection closed.
     *
     * @param stats the last connection's counts
     */
    default void onStopped(PublisherStats stats) {}
}
