package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.ReturnedMessage;
import dev.pika.exceptions.UnroutableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one {@link Channel#basicPublishConfirmed} publish, and what is needed to settle it: the message's
 * destination (to attribute a {@code Basic.Return}) and the message itself (for the {@link NackException}). It is
 * the future handed to the application, so a confirmed publish costs one allocation beyond the message.
 *
 * <p>Completed on the connection's I/O thread; as a {@link CompletableFuture} it may be read from any thread.
 */
final class PendingConfirm extends CompletableFuture<Void> {

    final String exchange;
    final String routingKey;
    final BasicProperties properties;
    /** The body as published, or {@code null} when it was a buffer: then {@link #bodyBuffer}. */
    final byte[] body;
    /** A view of a publish's body buffer (its bytes as published), or {@code null}: then {@link #body}. */
    private final ByteBuffer bodyBuffer;

    final boolean mandatory;

    /** The return attributed to this publish, if any; set on the I/O thread before the publish is settled. */
    ReturnedMessage returned;

    PendingConfirm(String exchange, String routingKey, BasicProperties properties, byte[] body, boolean mandatory) {
        this(exchange, routingKey, properties, body, null, mandatory);
    }

    /** A publish of a buffer's bytes, kept by reference: a nack's exception gets a copy of them. */
    PendingConfirm(String exchange, String routingKey, BasicProperties properties, ByteBuffer body) {
        this(exchange, routingKey, properties, null, body, false);
    }

    private PendingConfirm(
            String exchange,
            String routingKey,
            BasicProperties properties,
            byte[] body,
            ByteBuffer bodyBuffer,
            boolean mandatory) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
        this.bodyBuffer = bodyBuffer;
        this.mandatory = mandatory;
    }

    /** The body as an array: a buffer's bytes are copied, so the application may keep them. */
    private byte[] bodyBytes() {
        if (body != null) {
            return body;
        }
        byte[] copy = new byte[bodyBuffer.remaining()];
        bodyBuffer.get(bodyBuffer.position(), copy);
        return copy;
    }

    /** Whether {@code message} was returned from this publish's exchange and routing key. */
    boolean matches(ReturnedMessage message) {
        return exchange.equals(message.exchange()) && routingKey.equals(message.routingKey());
    }

    /**
     * Settles the publish: an ack completes it (or fails it with {@link UnroutableException} when a return was
     * attributed to it); a nack fails it with {@link NackException}.
     */
    void settle(boolean ack) {
        if (!ack) {
            ReturnedMessage message =
                    returned != null ? returned : new ReturnedMessage(exchange, routingKey, properties, bodyBytes());
            completeExceptionally(new NackException(List.of(message)));
        } else if (returned != null) {
            completeExceptionally(new UnroutableException(List.of(returned)));
        } else {
            complete(null);
        }
    }
}
