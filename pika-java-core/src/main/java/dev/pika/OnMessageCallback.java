package dev.pika;

import dev.pika.spec.Basic;

/**
 * Receives the messages of a consumer, with Pika's four arguments: {@code on_message_callback(channel, method,
 * properties, body)}.
 *
 * <pre>{@code
 * channel.basicConsume("orders", (ch, method, properties, body) -> {
 *     handle(body);
 *     ch.basicAck(method.deliveryTag());
 * });
 * }</pre>
 *
 * <p>Threading: the adapter decides where the callback runs and documents it (the connection's I/O thread for
 * {@code SelectConnection}; the thread inside {@code startConsuming()}/{@code processDataEvents()} for
 * {@code BlockingConnection}). Implementations need not be thread-safe when registered on one channel only.
 *
 * @param <C> the channel type the adapter passes (e.g. {@code BlockingChannel})
 */
@FunctionalInterface
public interface OnMessageCallback<C> {

    /**
     * Called once per delivered message, in delivery order.
     *
     * @param channel the channel the message arrived on; use it to ack, nack or reject
     * @param method the {@code Basic.Deliver} method: consumer tag, delivery tag, redelivered flag, exchange and
     *     routing key
     * @param properties the message properties, never {@code null} ({@link BasicProperties#EMPTY} when none)
     * @param body the message body; the callback owns the array (it is not reused by the client)
     */
    void onMessage(C channel, Basic.Deliver method, BasicProperties properties, byte[] body);
}
