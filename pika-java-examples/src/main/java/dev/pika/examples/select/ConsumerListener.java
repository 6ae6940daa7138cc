package dev.pika.examples.select;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpException;
import dev.pika.spec.Basic;
import java.time.Duration;

/**
 * Hooks to observe {@link AsynchronousConsumerExample}: every method has an empty default, so a test overrides what
 * it watches. Called on the example's loop thread (except {@link #onStopped()}, called by the thread that ran the
 * example); keep them short.
 */
public interface ConsumerListener {

    /**
     * A connection opened.
     *
     * @param connectionNumber 1 for the first connection, 2 after the first reconnection...
     */
    default void onConnected(int connectionNumber) {}

    /**
     * The consumer is registered: messages will flow.
     *
     * @param consumerTag the consumer's tag
     */
    default void onConsuming(String consumerTag) {}

    /**
     * A message arrived (it is acknowledged right after this call).
     *
     * @param deliver the {@code Basic.Deliver} method: delivery tag, routing key, redelivered flag
     * @param properties the message properties
     * @param body the message body
     */
    default void onMessage(Basic.Deliver deliver, BasicProperties properties, byte[] body) {}

    /**
     * The connection could not be opened, or closed without being asked to; the example reconnects.
     *
     * @param reason why
     */
    default void onConnectionLost(AmqpException reason) {}

    /**
     * The example waits {@code delay}, then connects again.
     *
     * @param delay the wait: zero after a connection that was consuming, else growing up to 30 s
     */
    default void onReconnecting(Duration delay) {}

    /** The example stopped cleanly: consumer cancelled, channel and connection closed. */
    default void onStopped() {}
}
