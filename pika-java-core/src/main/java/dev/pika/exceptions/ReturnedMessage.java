package dev.pika.exceptions;

import dev.pika.BasicProperties;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message the broker returned ({@code Basic.Return}) or nacked ({@code Basic.Nack}) in publisher-confirms mode,
 * carried by {@link UnroutableException} and {@link NackException} (Pika's {@code ReturnedMessage}).
 *
 * <p>Immutable: the body is copied on construction and on every {@link #body()} call, so the record is safe to
 * share between threads.
 *
 * @param exchange the exchange the message was published to
 * @param routingKey the routing key it was published with
 * @param properties its properties, never {@code null} ({@link BasicProperties#EMPTY} when it had none)
 * @param body its body
 */
public record ReturnedMessage(String exchange, String routingKey, BasicProperties properties, byte[] body) {

    /**
     * Validates and copies the components.
     *
     * @param exchange the exchange, not {@code null}
     * @param routingKey the routing key, not {@code null}
     * @param properties the properties; {@code null} is read as {@link BasicProperties#EMPTY}
     * @param body the body, not {@code null}; copied
     */
    public ReturnedMessage {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(routingKey, "routingKey");
        properties = properties == null ? BasicProperties.EMPTY : properties;
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * The message body.
     *
     * @return a copy of the body
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnedMessage that
                && exchange.equals(that.exchange)
                && routingKey.equals(that.routingKey)
                && properties.equals(that.properties)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exchange, routingKey, properties, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "ReturnedMessage[exchange=" + exchange + ", routingKey=" + routingKey + ", properties=" + properties
                + ", body=" + body.length + " bytes]";
    }
}
