package dev.pika.spring.converter;

import dev.pika.BasicProperties;
import dev.pika.spring.core.Message;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Converts {@code byte[]} (as is, {@value #CONTENT_TYPE_BYTES}) and {@link String} (UTF-8, {@value
 * #CONTENT_TYPE_TEXT}) payloads, and back: a {@code text/*} message reads as a {@code String} (in the
 * charset of its content encoding, UTF-8 by default), anything else as {@code byte[]}. The converter
 * used when Jackson is not on the classpath; other payload types are refused with a message saying
 * what to do.
 *
 * <p>Stateless and thread-safe.
 */
public class SimpleMessageConverter implements MessageConverter {

    /** Content type of {@code String} payloads: {@value}. */
    public static final String CONTENT_TYPE_TEXT = "text/plain";

    /** Content type of {@code byte[]} payloads: {@value}. */
    public static final String CONTENT_TYPE_BYTES = "application/octet-stream";

    @Override
    public Message toMessage(Object payload, BasicProperties properties) {
        BasicProperties.Builder builder = properties == null ? BasicProperties.builder() : properties.toBuilder();
        if (payload instanceof byte[] bytes) {
            if (properties == null || properties.contentType() == null) {
                builder.contentType(CONTENT_TYPE_BYTES);
            }
            return new Message(bytes, builder.build());
        }
        if (payload instanceof String text) {
            builder.contentType(CONTENT_TYPE_TEXT);
            if (properties == null || properties.contentEncoding() == null) {
                builder.contentEncoding(StandardCharsets.UTF_8.name());
            }
            return new Message(text.getBytes(charset(builder.build())), builder.build());
        }
        throw new MessageConversionException(
                "SimpleMessageConverter converts byte[] and String payloads only, not "
                        + (payload == null ? "null" : payload.getClass().getName())
                        + ": add tools.jackson.core:jackson-databind to send objects as JSON, or define a MessageConverter bean");
    }

    @Override
    public Object fromMessage(Message message, Type targetType) {
        String contentType = message.properties().contentType();
        boolean text = contentType != null && contentType.startsWith("text/");
        if (targetType == String.class || (targetType == Object.class && text)) {
            return new String(message.body(), charset(message.properties()));
        }
        if (targetType == byte[].class || targetType == Object.class) {
            return message.body();
        }
        throw new MessageConversionException(
                "SimpleMessageConverter reads messages as String or byte[] only, not " + targetType.getTypeName());
    }

    static Charset charset(BasicProperties properties) {
        String encoding = properties.contentEncoding();
        if (encoding == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
