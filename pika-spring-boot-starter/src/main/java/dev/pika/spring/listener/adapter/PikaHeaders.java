package dev.pika.spring.listener.adapter;

import dev.pika.BasicProperties;
import dev.pika.spring.listener.PikaDelivery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names under which a listener method reads the AMQP method frame and message properties of a delivery
 * with {@code @Header}, next to the application headers of the message: {@code
 * @Header(PikaHeaders.RECEIVED_ROUTING_KEY) String key}. The names are those of Spring AMQP's {@code
 * AmqpHeaders} ({@code amqp_receivedRoutingKey}, {@code amqp_deliveryTag}...), so listener code reads the
 * same. A {@code @Headers Map} holds the application headers and every one of these that is set.
 *
 * <p>Constants and stateless static methods: thread-safe.
 */
public final class PikaHeaders {

    /** Prefix of the names below: {@value}. */
    public static final String PREFIX = "amqp_";

    /** The exchange the message was published to ({@code basic.deliver}): {@value}. */
    public static final String RECEIVED_EXCHANGE = PREFIX + "receivedExchange";

    /** The routing key it was published with ({@code basic.deliver}): {@value}. */
    public static final String RECEIVED_ROUTING_KEY = PREFIX + "receivedRoutingKey";

    /** The delivery tag, a {@code Long} ({@code basic.deliver}): {@value}. */
    public static final String DELIVERY_TAG = PREFIX + "deliveryTag";

    /** Whether the message was delivered before, a {@code Boolean} ({@code basic.deliver}): {@value}. */
    public static final String REDELIVERED = PREFIX + "redelivered";

    /** The consumer tag ({@code basic.deliver}): {@value}. */
    public static final String CONSUMER_TAG = PREFIX + "consumerTag";

    /** The queue the listener consumed the message from: {@value}. */
    public static final String CONSUMER_QUEUE = PREFIX + "consumerQueue";

    /** Property {@code message-id}: {@value}. */
    public static final String MESSAGE_ID = PREFIX + "messageId";

    /** Property {@code correlation-id}: {@value}. */
    public static final String CORRELATION_ID = PREFIX + "correlationId";

    /** Property {@code reply-to}: {@value}. */
    public static final String REPLY_TO = PREFIX + "replyTo";

    /** Property {@code content-type}: {@value}. */
    public static final String CONTENT_TYPE = PREFIX + "contentType";

    /** Property {@code content-encoding}: {@value}. */
    public static final String CONTENT_ENCODING = PREFIX + "contentEncoding";

    /** Property {@code delivery-mode}, an {@code Integer} (2 is persistent): {@value}. */
    public static final String DELIVERY_MODE = PREFIX + "deliveryMode";

    /** Property {@code priority}, an {@code Integer}: {@value}. */
    public static final String PRIORITY = PREFIX + "priority";

    /** Property {@code expiration}: {@value}. */
    public static final String EXPIRATION = PREFIX + "expiration";

    /** Property {@code timestamp}, an {@code Instant}: {@value}. */
    public static final String TIMESTAMP = PREFIX + "timestamp";

    /** Property {@code type}: {@value}. */
    public static final String TYPE = PREFIX + "type";

    /** Property {@code user-id}: {@value}. */
    public static final String USER_ID = PREFIX + "userId";

    /** Property {@code app-id}: {@value}. */
    public static final String APP_ID = PREFIX + "appId";

    /** Property {@code cluster-id}: {@value}. */
    public static final String CLUSTER_ID = PREFIX + "clusterId";

    private PikaHeaders() {}

    /**
     * The value a {@code @Header(name)} parameter receives: one of the names above, or else the
     * application header of that name.
     *
     * @param delivery the delivery
     * @param name the header name
     * @return the value, or {@code null} when the delivery has none
     */
    public static Object value(PikaDelivery delivery, String name) {
        if (name.startsWith(PREFIX)) {
            Object value = frameOrProperty(delivery, name);
            if (value != null) {
                return value;
            }
        }
        Map<String, Object> headers = delivery.properties().headers();
        return headers == null ? null : headers.get(name);
    }

    /**
     * What a {@code @Headers Map} parameter receives: the application headers, then every name above
     * that has a value (a name above wins over an application header of the same name).
     *
     * @param delivery the delivery
     * @return an unmodifiable map in that order
     */
    public static Map<String, Object> all(PikaDelivery delivery) {
        Map<String, Object> all = new LinkedHashMap<>();
        Map<String, Object> headers = delivery.properties().headers();
        if (headers != null) {
            all.putAll(headers);
        }
        put(all, RECEIVED_EXCHANGE, delivery.deliver().exchange());
        put(all, RECEIVED_ROUTING_KEY, delivery.deliver().routingKey());
        put(all, DELIVERY_TAG, delivery.deliveryTag());
        put(all, REDELIVERED, delivery.redelivered());
        put(all, CONSUMER_TAG, delivery.deliver().consumerTag());
        put(all, CONSUMER_QUEUE, delivery.queue());
        BasicProperties p = delivery.properties();
        put(all, MESSAGE_ID, p.messageId());
        put(all, CORRELATION_ID, p.correlationId());
        put(all, REPLY_TO, p.replyTo());
        put(all, CONTENT_TYPE, p.contentType());
        put(all, CONTENT_ENCODING, p.contentEncoding());
        put(all, DELIVERY_MODE, p.deliveryMode());
        put(all, PRIORITY, p.priority());
        put(all, EXPIRATION, p.expiration());
        put(all, TIMESTAMP, p.timestamp());
        put(all, TYPE, p.type());
        put(all, USER_ID, p.userId());
        put(all, APP_ID, p.appId());
        put(all, CLUSTER_ID, p.clusterId());
        return Collections.unmodifiableMap(all);
    }

    private static void put(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static Object frameOrProperty(PikaDelivery delivery, String name) {
        BasicProperties p = delivery.properties();
        return switch (name) {
            case RECEIVED_EXCHANGE -> delivery.deliver().exchange();
            case RECEIVED_ROUTING_KEY -> delivery.deliver().routingKey();
            case DELIVERY_TAG -> delivery.deliveryTag();
            case REDELIVERED -> delivery.redelivered();
            case CONSUMER_TAG -> delivery.deliver().consumerTag();
            case CONSUMER_QUEUE -> delivery.queue();
            case MESSAGE_ID -> p.messageId();
            case CORRELATION_ID -> p.correlationId();
            case REPLY_TO -> p.replyTo();
            case CONTENT_TYPE -> p.contentType();
            case CONTENT_ENCODING -> p.contentEncoding();
            case DELIVERY_MODE -> p.deliveryMode();
            case PRIORITY -> p.priority();
            case EXPIRATION -> p.expiration();
            case TIMESTAMP -> p.timestamp();
            case TYPE -> p.type();
            case USER_ID -> p.userId();
            case APP_ID -> p.appId();
            case CLUSTER_ID -> p.clusterId();
            default -> null;
        };
    }
}
