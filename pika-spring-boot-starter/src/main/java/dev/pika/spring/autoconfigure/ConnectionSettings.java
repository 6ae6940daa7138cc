package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.util.unit.DataSize;

/**
 * Applies the connection settings of {@link PikaProperties} (everything but where the broker is and
 * who logs in: heartbeat, timeouts, limits, name, client properties) to a {@link
 * ConnectionParameters.Builder}. Unset properties leave the builder's value alone: Pika's default, or
 * what an AMQP URL's query set, in which case a different property value is a conflict.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class ConnectionSettings {

    private static final String RANGE_ACTION = "Set it to a value in the range given, or remove it to use the default.";

    private ConnectionSettings() {}

    /**
     * Applies the settings.
     *
     * @param properties the properties
     * @param builder the builder, holding the defaults or a URL's values
     * @param fromUrl the parameters parsed from an AMQP URL, or null: a property that disagrees with
     *     a value set by the URL's query is a violation
     * @param urlProperty the property holding that URL, for messages
     * @param defaultConnectionName the name to use when neither the properties nor the URL set one, or
     *     null
     * @param violations where problems go
     */
    static void apply(
            PikaProperties properties,
            ConnectionParameters.Builder builder,
            ConnectionParameters fromUrl,
            String urlProperty,
            String defaultConnectionName,
            Violations violations) {
        Duration heartbeat = properties.getHeartbeat();
        if (heartbeat != null
                && noConflict(
                        violations,
                        "pika.heartbeat",
                        heartbeat,
                        fromUrl == null ? null : fromUrl.heartbeat().orElse(null),
                        "heartbeat",
                        urlProperty)) {
            violations.check(
                    "pika.heartbeat",
                    heartbeat,
                    "Set pika.heartbeat to whole seconds between 0 and 65535 (0 turns heartbeats off), or remove"
                            + " it to accept the broker's proposal.",
                    () -> builder.heartbeat(heartbeat));
        }
        Duration connectionTimeout = properties.getConnectionTimeout();
        if (connectionTimeout != null) {
            Duration urlValue = fromUrl == null
                    ? null
                    : fromUrl.socketTimeout()
                            .filter(value -> !value.equals(ConnectionParameters.DEFAULT_SOCKET_TIMEOUT))
                            .orElse(null);
            Duration timeout = connectionTimeout.isZero() ? null : connectionTimeout;
            if (noConflict(
                    violations,
                    "pika.connection-timeout",
                    connectionTimeout,
                    urlValue,
                    "socket_timeout",
                    urlProperty)) {
                violations.check(
                        "pika.connection-timeout",
                        connectionTimeout,
                        "Set pika.connection-timeout to a positive duration such as 10s, or 0 to wait forever.",
                        () -> builder.socketTimeout(timeout));
            }
        }
        Duration blocked = properties.getBlockedConnectionTimeout();
        if (blocked != null
                && noConflict(
                        violations,
                        "pika.blocked-connection-timeout",
                        blocked,
                        fromUrl == null
                                ? null
                                : fromUrl.blockedConnectionTimeout().orElse(null),
                        "blocked_connection_timeout",
                        urlProperty)) {
            violations.check(
                    "pika.blocked-connection-timeout",
                    blocked,
                    "Set pika.blocked-connection-timeout to zero or a positive duration, or remove it to wait"
                            + " forever.",
                    () -> builder.blockedConnectionTimeout(blocked));
        }
        Integer channelMax = properties.getChannelMax();
        if (channelMax != null
                && noConflict(
                        violations,
                        "pika.channel-max",
                        channelMax,
                        urlInt(fromUrl, ConnectionParameters::channelMax, ConnectionParameters.DEFAULT_CHANNEL_MAX),
                        "channel_max",
                        urlProperty)) {
            violations.check("pika.channel-max", channelMax, RANGE_ACTION, () -> builder.channelMax(channelMax));
        }
        Integer frameMax = properties.getFrameMax();
        if (frameMax != null
                && noConflict(
                        violations,
                        "pika.frame-max",
                        frameMax,
                        urlInt(fromUrl, ConnectionParameters::frameMax, ConnectionParameters.DEFAULT_FRAME_MAX),
                        "frame_max",
                        urlProperty)) {
            violations.check("pika.frame-max", frameMax, RANGE_ACTION, () -> builder.frameMax(frameMax));
        }
        DataSize maxBody = properties.getMaxInboundMessageBodySize();
        if (maxBody != null) {
            Integer urlValue = urlInt(
                    fromUrl,
                    ConnectionParameters::maxInboundMessageBodySize,
                    ConnectionParameters.DEFAULT_MAX_INBOUND_MESSAGE_BODY_SIZE);
            long bytes = maxBody.toBytes();
            if (noConflict(
                    violations,
                    "pika.max-inbound-message-body-size",
                    maxBody,
                    urlValue == null ? null : DataSize.ofBytes(urlValue),
                    "max_inbound_message_body_size",
                    urlProperty)) {
                if (bytes < 1 || bytes > ConnectionParameters.MAX_MESSAGE_BODY_SIZE) {
                    violations.add(
                            "pika.max-inbound-message-body-size",
                            maxBody,
                            "must be between 1B and " + ConnectionParameters.MAX_MESSAGE_BODY_SIZE + "B",
                            "Set it to a size such as 128MB.");
                } else {
                    builder.maxInboundMessageBodySize((int) bytes);
                }
            }
        }
        String connectionName = properties.getConnectionName();
        String urlName = fromUrl == null ? null : fromUrl.connectionName().orElse(null);
        if (connectionName != null) {
            if (noConflict(
                    violations, "pika.connection-name", connectionName, urlName, "connection_name", urlProperty)) {
                violations.check(
                        "pika.connection-name",
                        connectionName,
                        "Set pika.connection-name to a non-blank name of at most 255 bytes.",
                        () -> builder.connectionName(connectionName));
            }
        } else if (urlName == null && defaultConnectionName != null && !defaultConnectionName.isBlank()) {
            violations.check(
                    "spring.application.name",
                    defaultConnectionName,
                    "Set pika.connection-name to a name of at most 255 bytes; the application name is its default.",
                    () -> builder.connectionName(defaultConnectionName));
        }
        Map<String, String> clientProperties = properties.getClientProperties();
        if (!clientProperties.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (fromUrl != null) {
                merged.putAll(fromUrl.clientProperties());
            }
            boolean consistent = true;
            for (Map.Entry<String, String> entry : clientProperties.entrySet()) {
                Object urlValue = merged.get(entry.getKey());
                String property = "pika.client-properties." + entry.getKey();
                if (urlValue != null && !Objects.equals(urlValue, entry.getValue())) {
                    consistent &= noConflict(
                            violations, property, entry.getValue(), urlValue, "client_properties", urlProperty);
                }
                merged.put(entry.getKey(), entry.getValue());
            }
            if (consistent) {
                violations.check(
                        "pika.client-properties",
                        clientProperties,
                        "Fix the client property named above.",
                        () -> builder.clientProperties(merged));
            }
        }
    }

    private static Integer urlInt(
            ConnectionParameters fromUrl, java.util.function.ToIntFunction<ConnectionParameters> getter, int def) {
        if (fromUrl == null) {
            return null;
        }
        int value = getter.applyAsInt(fromUrl);
        return value == def ? null : value;
    }

    /**
     * Whether a property agrees with the value the URL's query gave the same setting; a conflict is
     * recorded as a violation.
     */
    private static boolean noConflict(
            Violations violations,
            String property,
            Object propertyValue,
            Object urlValue,
            String urlName,
            String urlProperty) {
        if (urlValue == null || Objects.equals(propertyValue, urlValue)) {
            return true;
        }
        violations.add(
                property,
                propertyValue,
                "conflicts with " + urlName + "=" + urlValue + " in the query of " + urlProperty,
                "Set it in one place only: remove " + property + " or remove " + urlName + " from " + urlProperty
                        + ".");
        return false;
    }
}
