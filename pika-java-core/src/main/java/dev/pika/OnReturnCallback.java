package dev.pika;

import dev.pika.spec.Basic;

/**
 * Receives messages the broker returned as unroutable or undeliverable ({@code Basic.Return}, for a publish with
 * {@code mandatory} set), with Pika's four arguments: {@code callback(channel, method, properties, body)}.
 *
 * <p>Threading: the adapter decides where the callback runs and documents it, as for {@link OnMessageCallback}.
 *
 * @param <C> the channel type the adapter passes
 */
@FunctionalInterface
public interface OnReturnCallback<C> {

    /**
     * Called once per returned message, in the order the broker returned them.
     *
     * @param channel the channel the message was published on
     * @param method the {@code Basic.Return} method: reply code and text (e.g. 312 {@code NO_ROUTE}), exchange and
     *     routing key
     * @param properties the message properties, never {@code null} ({@link BasicProperties#EMPTY} when none)
     * @param body the message body; the callback owns the array
     */
    void onReturn(C channel, Basic.Return method, BasicProperties properties, byte[] body);
}
