package dev.pika.spring.core;

import dev.pika.BasicProperties;
import java.util.Objects;

/**
 * A message as the starter publishes and converts it: the body and its AMQP content properties.
 *
 * <p>Immutable as a reference; the body array is not copied, so a message must not be changed after
 * it is handed to the template (the template reads it on the I/O thread, later). Thread-safe once
 * built.
 *
 * @param body the body, never null
 * @param properties the properties, never null ({@link BasicProperties#EMPTY} for none)
 */
public record Message(byte[] body, BasicProperties properties) {

    /** Checks the components; a null properties is {@link BasicProperties#EMPTY}. */
    public Message {
        Objects.requireNonNull(body, "body must not be null (use an empty array for an empty message)");
        properties = properties == null ? BasicProperties.EMPTY : properties;
    }

    /**
     * A message without properties.
     *
     * @param body the body
     * @return the message
     */
    public static Message of(byte[] body) {
        return new Message(body, BasicProperties.EMPTY);
    }

    /**
     * This message with other properties.
     *
     * @param newProperties the properties
     * @return a new message sharing the body
     */
    public Message withProperties(BasicProperties newProperties) {
        return new Message(body, newProperties);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m && java.util.Arrays.equals(body, m.body) && properties.equals(m.properties);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(body) + properties.hashCode();
    }

    @Override
    public String toString() {
        return "Message[" + body.length + " bytes, " + properties + "]";
    }
}
