package dev.pika.spring.converter;

import dev.pika.BasicProperties;
import dev.pika.spring.core.Message;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts objects to JSON with Jackson 3 ({@link JsonMapper}) and back. A message it writes has
 * content type {@value #CONTENT_TYPE_JSON}, content encoding UTF-8 and a type hint header {@value
 * #TYPE_ID_HEADER} holding the payload's class name (the header Spring AMQP's JSON converter uses, so
 * either side can read the other's messages). {@code byte[]} and {@code String} payloads are not
 * wrapped in JSON: they go through {@link SimpleMessageConverter} ({@code text/plain} for strings).
 *
 * <p>Reading: to a given target type, the body is read as that type; to {@code Object}, a JSON message
 * is read as the class its type hint names when that class is in a trusted package ({@link
 * #setTrustedPackages}; none by default, because loading any class a message names is a deserialization
 * risk), else as maps, lists and scalars; a non-JSON message as {@link SimpleMessageConverter} reads it.
 *
 * <p>Thread-safe once configured ({@link JsonMapper} is thread-safe; configure before use).
 */
public class JacksonJsonMessageConverter implements MessageConverter {

    /** Content type of the messages this converter writes: {@value}. */
    public static final String CONTENT_TYPE_JSON = "application/json";

    /** Header holding the payload's class name: {@value}. */
    public static final String TYPE_ID_HEADER = "__TypeId__";

    private final JsonMapper jsonMapper;
    private final SimpleMessageConverter simple = new SimpleMessageConverter();
    private volatile List<String> trustedPackages = List.of();

    /** Creates the converter with a default {@link JsonMapper}. */
    public JacksonJsonMessageConverter() {
        this(JsonMapper.builder().build());
    }

    /**
     * Creates the converter.
     *
     * @param jsonMapper the mapper (the application's, to share its modules and settings)
     */
    public JacksonJsonMessageConverter(JsonMapper jsonMapper) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper must not be null");
    }

    /**
     * Sets the packages whose classes a type hint header may name when reading to {@code Object}.
     *
     * @param packages package names (sub-packages included), or {@code "*"} to trust every class
     */
    public void setTrustedPackages(String... packages) {
        this.trustedPackages = List.of(packages);
    }

    /**
     * The mapper.
     *
     * @return the mapper
     */
    public JsonMapper getJsonMapper() {
        return jsonMapper;
    }

    @Override
    public Message toMessage(Object payload, BasicProperties properties) {
        Objects.requireNonNull(payload, "payload must not be null");
        if (payload instanceof byte[] || payload instanceof String) {
            return simple.toMessage(payload, properties);
        }
        byte[] body;
        try {
            body = jsonMapper.writeValueAsBytes(payload);
        } catch (JacksonException e) {
            throw new MessageConversionException(
                    "Cannot write " + payload.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        BasicProperties.Builder builder = properties == null ? BasicProperties.builder() : properties.toBuilder();
        builder.contentType(CONTENT_TYPE_JSON)
                .contentEncoding(StandardCharsets.UTF_8.name())
                .header(TYPE_ID_HEADER, payload.getClass().getName());
        return new Message(body, builder.build());
    }

    @Override
    public Object fromMessage(Message message, Type targetType) {
        Objects.requireNonNull(targetType, "targetType must not be null");
        String contentType = message.properties().contentType();
        boolean json = contentType != null && contentType.contains("json");
        if (!json && (targetType == Object.class || targetType == String.class || targetType == byte[].class)) {
            return simple.fromMessage(message, targetType);
        }
        JavaType type = targetType == Object.class ? hintedType(message) : jsonMapper.constructType(targetType);
        try {
            return jsonMapper.readValue(message.body(), type);
        } catch (JacksonException e) {
            throw new MessageConversionException(
                    "Cannot read the message as " + type.toCanonical() + ": " + e.getOriginalMessage(), e);
        }
    }

    private JavaType hintedType(Message message) {
        Object hint = message.properties().headers() == null
                ? null
                : message.properties().headers().get(TYPE_ID_HEADER);
        if (hint instanceof String className && trusted(className)) {
            try {
                Class<?> type =
                        Class.forName(className, false, Thread.currentThread().getContextClassLoader());
                return jsonMapper.constructType(type);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new MessageConversionException(
                        "The message's " + TYPE_ID_HEADER + " names " + className + ", which is not on the classpath",
                        e);
            }
        }
        return jsonMapper.constructType(Object.class);
    }

    private boolean trusted(String className) {
        for (String trustedPackage : trustedPackages) {
            if (trustedPackage.equals("*") || className.startsWith(trustedPackage + ".")) {
                return true;
            }
        }
        return false;
    }
}
