package dev.pika;

import dev.pika.exceptions.ShortStringTooLongException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The properties of a message (AMQP's {@code basic} content header; Pika's {@code spec.BasicProperties}): the 14
 * standard properties, each {@code null} when unset.
 *
 * <p>Build one with {@link #builder()}, derive a changed copy with {@link #toBuilder()}:
 *
 * <pre>{@code
 * BasicProperties props = BasicProperties.builder()
 *         .contentType("application/json")
 *         .deliveryMode(DeliveryMode.PERSISTENT)
 *         .header("x-retries", 3)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and safe to share between threads. The headers map is an unmodifiable, insertion-ordered copy of the
 * map given to the builder (a shallow copy: nested maps, lists and arrays are held as given; decoded headers are
 * unmodifiable all the way down). {@link #equals(Object)} compares {@code byte[]} header values by content.
 */
public final class BasicProperties {

    /** Properties with nothing set: what a message without properties carries. */
    public static final BasicProperties EMPTY = new Builder().build();

    private static final int SHORT_STRING_MAX = 255;

    private final String contentType;
    private final String contentEncoding;
    private final Map<String, Object> headers;
    private final Integer deliveryMode;
    private final Integer priority;
    private final String correlationId;
    private final String replyTo;
    private final String expiration;
    private final String messageId;
    private final Instant timestamp;
    private final String type;
    private final String userId;
    private final String appId;
    private final String clusterId;

    private BasicProperties(Builder builder) {
        this.contentType = builder.contentType;
        this.contentEncoding = builder.contentEncoding;
        this.headers = builder.headers == null ? null : copyHeaders(builder.headers);
        this.deliveryMode = builder.deliveryMode;
        this.priority = builder.priority;
        this.correlationId = builder.correlationId;
        this.replyTo = builder.replyTo;
        this.expiration = builder.expiration;
        this.messageId = builder.messageId;
        this.timestamp = builder.timestamp;
        this.type = builder.type;
        this.userId = builder.userId;
        this.appId = builder.appId;
        this.clusterId = builder.clusterId;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with these properties, to derive a changed copy.
     *
     * @return a new builder holding every property of this instance
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.contentType = contentType;
        builder.contentEncoding = contentEncoding;
        builder.headers = headers;
        builder.deliveryMode = deliveryMode;
        builder.priority = priority;
        builder.correlationId = correlationId;
        builder.replyTo = replyTo;
        builder.expiration = expiration;
        builder.messageId = messageId;
        builder.timestamp = timestamp;
        builder.type = type;
        builder.userId = userId;
        builder.appId = appId;
        builder.clusterId = clusterId;
        return builder;
    }

    /**
     * The MIME content type, e.g. {@code "application/json"}.
     *
     * @return the content type, or {@code null} when unset
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The MIME content encoding, e.g. {@code "gzip"}.
     *
     * @return the content encoding, or {@code null} when unset
     */
    public String contentEncoding() {
        return contentEncoding;
    }

    /**
     * The application headers (an AMQP field table; see {@code dev.pika.frame.FieldTables} for the Java types).
     *
     * @return an unmodifiable, insertion-ordered map, or {@code null} when unset
     */
    public Map<String, Object> headers() {
        return headers;
    }

    /**
     * The delivery mode octet: 1 transient, 2 persistent (see {@link DeliveryMode#fromValue(int)}).
     *
     * @return the delivery mode, or {@code null} when unset
     */
    public Integer deliveryMode() {
        return deliveryMode;
    }

    /**
     * The message priority, 0 to 255 on the wire (RabbitMQ uses 0 to 255, priority queues up to their
     * {@code x-max-priority}).
     *
     * @return the priority, or {@code null} when unset
     */
    public Integer priority() {
        return priority;
    }

    /**
     * The correlation id, typically the id of the request a reply answers.
     *
     * @return the correlation id, or {@code null} when unset
     */
    public String correlationId() {
        return correlationId;
    }

    /**
     * The queue to reply to.
     *
     * @return the reply-to address, or {@code null} when unset
     */
    public String replyTo() {
        return replyTo;
    }

    /**
     * The per-message TTL in milliseconds, as a string (RabbitMQ's convention, e.g. {@code "60000"}).
     *
     * @return the expiration, or {@code null} when unset
     */
    public String expiration() {
        return expiration;
    }

    /**
     * The application's message id.
     *
     * @return the message id, or {@code null} when unset
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The message timestamp, in whole seconds (AMQP's resolution).
     *
     * @return the timestamp, or {@code null} when unset
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * The application's message type name.
     *
     * @return the type, or {@code null} when unset
     */
    public String type() {
        return type;
    }

    /**
     * The user id; RabbitMQ checks it against the connection's user when set.
     *
     * @return the user id, or {@code null} when unset
     */
    public String userId() {
        return userId;
    }

    /**
     * The id of the publishing application.
     *
     * @return the application id, or {@code null} when unset
     */
    public String appId() {
        return appId;
    }

    /**
     * The cluster id (deprecated in AMQP 0-9-1, kept for completeness).
     *
     * @return the cluster id, or {@code null} when unset
     */
    public String clusterId() {
        return clusterId;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof BasicProperties that)) {
            return false;
        }
        return Objects.equals(contentType, that.contentType)
                && Objects.equals(contentEncoding, that.contentEncoding)
                && Objects.equals(deliveryMode, that.deliveryMode)
                && Objects.equals(priority, that.priority)
                && Objects.equals(correlationId, that.correlationId)
                && Objects.equals(replyTo, that.replyTo)
                && Objects.equals(expiration, that.expiration)
                && Objects.equals(messageId, that.messageId)
                && Objects.equals(timestamp, that.timestamp)
                && Objects.equals(type, that.type)
                && Objects.equals(userId, that.userId)
                && Objects.equals(appId, that.appId)
                && Objects.equals(clusterId, that.clusterId)
                && valueEquals(headers, that.headers);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(
                contentType,
                contentEncoding,
                deliveryMode,
                priority,
                correlationId,
                replyTo,
                expiration,
                messageId,
                timestamp,
                type,
                userId,
                appId,
                clusterId);
        return 31 * result + valueHash(headers);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("BasicProperties[");
        int start = text.length();
        append(text, start, "contentType", contentType);
        append(text, start, "contentEncoding", contentEncoding);
        append(text, start, "headers", headers);
        append(text, start, "deliveryMode", deliveryMode);
        append(text, start, "priority", priority);
        append(text, start, "correlationId", correlationId);
        append(text, start, "replyTo", replyTo);
        append(text, start, "expiration", expiration);
        append(text, start, "messageId", messageId);
        append(text, start, "timestamp", timestamp);
        append(text, start, "type", type);
        append(text, start, "userId", userId);
        append(text, start, "appId", appId);
        append(text, start, "clusterId", clusterId);
        return text.append(']').toString();
    }

    private static void append(StringBuilder text, int start, String name, Object value) {
        if (value == null) {
            return;
        }
        if (text.length() > start) {
            text.append(", ");
        }
        text.append(name).append('=');
        if (value instanceof byte[] bytes) {
            text.append(bytes.length).append(" bytes");
        } else {
            text.append(value);
        }
    }

    private static Map<String, Object> copyHeaders(Map<String, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (source.size() / 0.75f) + 1));
        for (Map.Entry<String, ?> entry : source.entrySet()) {
            String key = Objects.requireNonNull(entry.getKey(), "BasicProperties.headers must not contain a null key");
            checkShortString("BasicProperties.headers key", key);
            copy.put(key, entry.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static boolean valueEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] left && b instanceof byte[] right) {
            return Arrays.equals(left, right);
        }
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : left.entrySet()) {
                Object key = entry.getKey();
                if (!right.containsKey(key) || !valueEquals(entry.getValue(), right.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!valueEquals(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static int valueHash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            int hash = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                hash += Objects.hashCode(entry.getKey()) ^ valueHash(entry.getValue());
            }
            return hash;
        }
        if (value instanceof List<?> list) {
            int hash = 1;
            for (Object element : list) {
                hash = 31 * hash + valueHash(element);
            }
            return hash;
        }
        return value.hashCode();
    }

    private static String checkShortString(String field, String value) {
        if (value == null) {
            return null;
        }
        int chars = value.length();
        if (chars * 3 <= SHORT_STRING_MAX) {
            return value;
        }
        int bytes = utf8Length(value);
        if (bytes > SHORT_STRING_MAX) {
            throw ShortStringTooLongException.of(field, value, bytes);
        }
        return value;
    }

    private static int utf8Length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // an unpaired surrogate is encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static Integer checkOctet(String field, Integer value) {
        if (value != null && (value < 0 || value > 255)) {
            throw new IllegalArgumentException(
                    "BasicProperties." + field + " must be between 0 and 255 (an AMQP octet), got " + value);
        }
        return value;
    }

    /**
     * Builds {@link BasicProperties}. Every setter accepts {@code null} to unset the property. String properties are
     * AMQP short strings: a value over 255 bytes of UTF-8 fails at once with {@link ShortStringTooLongException}.
     *
     * <p>Not thread-safe: use a builder from one thread, then share the built instance.
     */
    public static final class Builder {

        private String contentType;
        private String contentEncoding;
        private Map<String, Object> headers;
        private boolean headersOwned;
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Instant timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        private Builder() {}

        /**
         * Sets the MIME content type.
         *
         * @param contentType e.g. {@code "application/json"}, or {@code null}
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = checkShortString("BasicProperties.contentType", contentType);
            return this;
        }

        /**
         * Sets the MIME content encoding.
         *
         * @param contentEncoding e.g. {@code "gzip"}, or {@code null}
         * @return this builder
         */
        public Builder contentEncoding(String contentEncoding) {
            this.contentEncoding = checkShortString("BasicProperties.contentEncoding", contentEncoding);
            return this;
        }

        /**
         * Replaces the application headers. The map is copied when {@link #build()} runs (so do not change it in
         * between); its values must be of the types the field-table codec supports (checked when the message is
         * encoded).
         *
         * @param headers the headers, or {@code null} to unset them
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public Builder headers(Map<String, ?> headers) {
            this.headers = (Map<String, Object>) headers;
            this.headersOwned = false;
            return this;
        }

        /**
         * Adds (or replaces) one application header.
         *
         * @param key the header name, at most 255 bytes of UTF-8
         * @param value the value, of a type the field-table codec supports, or {@code null} (AMQP void)
         * @return this builder
         */
        public Builder header(String key, Object value) {
            Objects.requireNonNull(key, "header key must not be null");
            checkShortString("BasicProperties.headers key", key);
            if (!headersOwned) {
                headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
                headersOwned = true;
            }
            headers.put(key, value);
            return this;
        }

        /**
         * Sets the delivery mode.
         *
         * @param deliveryMode {@link DeliveryMode#PERSISTENT} or {@link DeliveryMode#TRANSIENT}, or {@code null}
         * @return this builder
         */
        public Builder deliveryMode(DeliveryMode deliveryMode) {
            this.deliveryMode = deliveryMode == null ? null : deliveryMode.value();
            return this;
        }

        /**
         * Sets the raw delivery mode octet (1 transient, 2 persistent; other values are sent as given).
         *
         * @param deliveryMode 0 to 255, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException outside 0 to 255
         */
        public Builder deliveryMode(Integer deliveryMode) {
            this.deliveryMode = checkOctet("deliveryMode", deliveryMode);
            return this;
        }

        /**
         * Sets the priority.
         *
         * @param priority 0 to 255, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException outside 0 to 255
         */
        public Builder priority(Integer priority) {
            this.priority = checkOctet("priority", priority);
            return this;
        }

        /**
         * Sets the correlation id.
         *
         * @param correlationId the id, or {@code null}
         * @return this builder
         */
        public Builder correlationId(String correlationId) {
            this.correlationId = checkShortString("BasicProperties.correlationId", correlationId);
            return this;
        }

        /**
         * Sets the reply-to address.
         *
         * @param replyTo the queue to reply to, or {@code null}
         * @return this builder
         */
        public Builder replyTo(String replyTo) {
            this.replyTo = checkShortString("BasicProperties.replyTo", replyTo);
            return this;
        }

        /**
         * Sets the per-message TTL.
         *
         * @param expiration milliseconds as a decimal string (RabbitMQ's convention), or {@code null}
         * @return this builder
         */
        public Builder expiration(String expiration) {
            this.expiration = checkShortString("BasicProperties.expiration", expiration);
            return this;
        }

        /**
         * Sets the message id.
         *
         * @param messageId the id, or {@code null}
         * @return this builder
         */
        public Builder messageId(String messageId) {
            this.messageId = checkShortString("BasicProperties.messageId", messageId);
            return this;
        }

        /**
         * Sets the timestamp, truncated to whole seconds (AMQP's resolution).
         *
         * @param timestamp the instant, or {@code null}
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp == null ? null : timestamp.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /**
         * Sets the message type name.
         *
         * @param type the type, or {@code null}
         * @return this builder
         */
        public Builder type(String type) {
            this.type = checkShortString("BasicProperties.type", type);
            return this;
        }

        /**
         * Sets the user id (RabbitMQ rejects a message whose user id is not the connection's user).
         *
         * @param userId the user id, or {@code null}
         * @return this builder
         */
        public Builder userId(String userId) {
            this.userId = checkShortString("BasicProperties.userId", userId);
            return this;
        }

        /**
         * Sets the application id.
         *
         * @param appId the id, or {@code null}
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = checkShortString("BasicProperties.appId", appId);
            return this;
        }

        /**
         * Sets the cluster id.
         *
         * @param clusterId the id, or {@code null}
         * @return this builder
         */
        public Builder clusterId(String clusterId) {
            this.clusterId = checkShortString("BasicProperties.clusterId", clusterId);
            return this;
        }

        /**
         * Builds the immutable properties.
         *
         * @return the properties
         * @throws ShortStringTooLongException when a header key is longer than 255 bytes of UTF-8
         */
        public BasicProperties build() {
            return new BasicProperties(this);
        }
    }
}
