package dev.pika.spring.converter;

import dev.pika.BasicProperties;
import dev.pika.spring.core.Message;
import java.lang.reflect.Type;

/**
 * Turns application objects into message bodies and properties, and back. The template uses it for
 * {@code convertAndSend}; listener containers use it to turn deliveries into method arguments.
 *
 * <p>Implementations must be thread-safe: one converter serves every sending thread and every listener.
 */
public interface MessageConverter {

    /**
     * Converts an object to a message.
     *
     * @param payload the object, not null
     * @param properties the properties to start from (the converter sets the content type and may add
     *     headers), or {@code null}
     * @return the message
     * @throws MessageConversionException when the object cannot be converted
     */
    Message toMessage(Object payload, BasicProperties properties);

    /**
     * Converts a message to an object of the target type.
     *
     * @param message the message
     * @param targetType the type wanted ({@code Object.class} to let the converter choose, e.g. from a
     *     type hint header)
     * @return the object
     * @throws MessageConversionException when the message cannot be converted to the type
     */
    Object fromMessage(Message message, Type targetType);

    /**
     * Converts a message to the object its properties describe.
     *
     * @param message the message
     * @return the object
     * @throws MessageConversionException when the message cannot be converted
     */
    default Object fromMessage(Message message) {
        return fromMessage(message, Object.class);
    }
}
