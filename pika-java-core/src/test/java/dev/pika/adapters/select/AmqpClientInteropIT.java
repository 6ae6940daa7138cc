package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.channel.Channel;
import dev.pika.frame.FieldValue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the RabbitMQ Java client ({@code com.rabbitmq:amqp-client}), both ways, through the broker:
 * every {@code BasicProperties} field and every header type the other client can express is read identically.
 */
@PikaIntegrationTest
class AmqpClientInteropIT {

    private static final byte[] RAW = {(byte) 0xff, 0, (byte) 0xc3, 0x28};
    private static final String TEXT = "h\u00e9llo \u2713 \uD83D\uDC07";
    private static final Instant TIMESTAMP = Instant.ofEpochSecond(1_700_000_321L);

    TestBroker broker;

    private static byte[] body() {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7 + (i >> 10));
        }
        return body;
    }

    /** Headers as amqp-client writes them: every type its ValueWriter knows. */
    private static Map<String, Object> amqpClientHeaders() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n-int", 5);
        nested.put("n-string", "inner");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("string", TEXT);
        headers.put("long-string-raw", LongStringHelper.asLongString(RAW));
        headers.put("int", -42);
        headers.put("long", 1L << 40);
        headers.put("short", (short) -300);
        headers.put("byte", (byte) -5);
        headers.put("float", 2.25f);
        headers.put("double", -0.125d);
        headers.put("decimal", new BigDecimal("3.14159"));
        headers.put("boolean", false);
        headers.put("timestamp", Date.from(TIMESTAMP));
        headers.put("table", nested);
        headers.put("array", List.of(1, "two", List.of(true)));
        headers.put("bytes", new byte[] {9, 8, 7});
        headers.put("void", null);
        return headers;
    }

    /** The same headers as pika-java reads them (its Java type for each AMQP type). */
    private static Map<String, Object> asPikaReadsThem() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n-int", 5);
        nested.put("n-string", "inner");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("string", TEXT);
        headers.put("long-string-raw", new FieldValue.LongString(RAW));
        headers.put("int", -42);
        headers.put("long", 1L << 40);
        headers.put("short", (short) -300);
        headers.put("byte", (byte) -5);
        headers.put("float", 2.25f);
        headers.put("double", -0.125d);
        headers.put("decimal", new BigDecimal("3.14159"));
        headers.put("boolean", false);
        headers.put("timestamp", TIMESTAMP);
        headers.put("table", nested);
        headers.put("array", List.of(1, "two", List.of(true)));
        headers.put("bytes", new byte[] {9, 8, 7});
        headers.put("void", null);
        return headers;
    }

    private AMQP.BasicProperties amqpClientProperties() {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/x-interop")
                .contentEncoding("gzip")
                .headers(amqpClientHeaders())
                .deliveryMode(2)
                .priority(3)
                .correlationId("correlation")
                .replyTo("reply-queue")
                .expiration(RoundTripIT.expiration(broker))
                .messageId("message-1")
                .timestamp(Date.from(TIMESTAMP))
                .type("interop")
                .userId(broker.username())
                .appId("amqp-client")
                .clusterId("cluster")
                .build();
    }

    @Test
    void aMessagePublishedByAmqpClientIsReadIdenticallyByPikaJava() throws Exception {
        String queue = broker.name("from-amqp-client");
        byte[] body = body();
        AMQP.BasicProperties sent = amqpClientProperties();
        try (com.rabbitmq.client.Connection other =
                        broker.amqpClientConnectionFactory().newConnection();
                com.rabbitmq.client.Channel otherChannel = other.createChannel()) {
            otherChannel.queueDeclare(queue, false, false, false, null);
            otherChannel.confirmSelect();
            otherChannel.basicPublish("", queue, true, sent, body);
            otherChannel.waitForConfirmsOrDie(Loops.TIMEOUT.toMillis());
        }

        try (LiveConnection live = LiveConnection.open(broker)) {
            Channel channel = live.channel();
            CompletableFuture<Object[]> delivered = new CompletableFuture<>();
            live.call(() -> channel.basicConsume(queue, (ch, method, properties, bytes) -> {
                ch.basicAck(method.deliveryTag());
                delivered.complete(new Object[] {properties, bytes});
            }));
            Object[] delivery = Loops.await(delivered);
            BasicProperties properties = (BasicProperties) delivery[0];

            assertThat(Arrays.equals((byte[]) delivery[1], body)).as("body").isTrue();
            assertThat(properties.contentType()).isEqualTo(sent.getContentType());
            assertThat(properties.contentEncoding()).isEqualTo(sent.getContentEncoding());
            assertThat(properties.deliveryMode()).isEqualTo(DeliveryMode.PERSISTENT.value());
            assertThat(properties.priority()).isEqualTo(3);
            assertThat(properties.correlationId()).isEqualTo("correlation");
            assertThat(properties.replyTo()).isEqualTo("reply-queue");
            assertThat(properties.expiration()).isEqualTo(sent.getExpiration());
            assertThat(properties.messageId()).isEqualTo("message-1");
            assertThat(properties.timestamp()).isEqualTo(TIMESTAMP);
            assertThat(properties.type()).isEqualTo("interop");
            assertThat(properties.userId()).isEqualTo(broker.username());
            assertThat(properties.appId()).isEqualTo("amqp-client");
            assertThat(properties.clusterId()).isEqualTo("cluster");
            Map<String, Object> expected = asPikaReadsThem();
            assertThat(properties.headers()).containsOnlyKeys(expected.keySet());
            expected.forEach((key, value) -> {
                Object actual = properties.headers().get(key);
                if (value instanceof byte[] bytes) {
                    assertThat(actual).as(key).isInstanceOf(byte[].class);
                    assertThat((byte[]) actual).as(key).containsExactly(bytes);
                } else {
                    assertThat(actual).as(key).isEqualTo(value);
                    if (value != null) {
                        Class<?> type = value instanceof Map
                                ? Map.class
                                : value instanceof List ? List.class : value.getClass();
                        assertThat(actual).as(key + "'s type").isInstanceOf(type);
                    }
                }
            });
        }
    }

    @Test
    void aMessagePublishedByPikaJavaIsReadIdenticallyByAmqpClient() throws Exception {
        String queue = broker.name("from-pika-java");
        byte[] body = body();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("string", TEXT);
        headers.put("long-string-raw", new FieldValue.LongString(RAW));
        headers.put("int", -42);
        headers.put("unsigned-int", new FieldValue.UnsignedInt(4_000_000_000L));
        headers.put("long", 1L << 40);
        headers.put("short", (short) -300);
        headers.put("unsigned-short", new FieldValue.UnsignedShort(65_000));
        headers.put("byte", (byte) -5);
        headers.put("unsigned-byte", new FieldValue.UnsignedByte(250));
        headers.put("float", 2.25f);
        headers.put("double", -0.125d);
        headers.put("decimal", new BigDecimal("3.14159"));
        headers.put("boolean", true);
        headers.put("timestamp", TIMESTAMP);
        headers.put("table", Map.of("n-int", 5));
        headers.put("array", List.of(1, "two", List.of(true)));
        headers.put("bytes", new byte[] {9, 8, 7});
        headers.put("void", null);
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/x-interop")
                .contentEncoding("gzip")
                .headers(headers)
                .deliveryMode(DeliveryMode.TRANSIENT)
                .priority(9)
                .correlationId("correlation")
                .replyTo("reply-queue")
                .expiration(RoundTripIT.expiration(broker))
                .messageId("message-2")
                .timestamp(TIMESTAMP)
                .type("interop")
                .userId(broker.username())
                .appId("pika-java")
                .clusterId("cluster")
                .build();
        try (LiveConnection live = LiveConnection.open(broker)) {
            Channel channel = live.channel();
            live.await(() -> channel.queueDeclare(queue, false, false, false, false, null));
            live.await(channel::confirmDelivery);
            live.await(() -> channel.basicPublishConfirmed("", queue, body, properties, true));
        }

        GetResponse response;
        try (com.rabbitmq.client.Connection other =
                        broker.amqpClientConnectionFactory().newConnection();
                com.rabbitmq.client.Channel otherChannel = other.createChannel()) {
            response = otherChannel.basicGet(queue, true);
        }

        assertThat(response).as("the message is in the queue").isNotNull();
        assertThat(Arrays.equals(response.getBody(), body)).as("body").isTrue();
        AMQP.BasicProperties read = response.getProps();
        assertThat(read.getContentType()).isEqualTo("application/x-interop");
        assertThat(read.getContentEncoding()).isEqualTo("gzip");
        assertThat(read.getDeliveryMode()).isEqualTo(1);
        assertThat(read.getPriority()).isEqualTo(9);
        assertThat(read.getCorrelationId()).isEqualTo("correlation");
        assertThat(read.getReplyTo()).isEqualTo("reply-queue");
        assertThat(read.getExpiration()).isEqualTo(properties.expiration());
        assertThat(read.getMessageId()).isEqualTo("message-2");
        assertThat(read.getTimestamp()).isEqualTo(Date.from(TIMESTAMP));
        assertThat(read.getType()).isEqualTo("interop");
        assertThat(read.getUserId()).isEqualTo(broker.username());
        assertThat(read.getAppId()).isEqualTo("pika-java");
        assertThat(read.getClusterId()).isEqualTo("cluster");
        Map<String, Object> got = read.getHeaders();
        assertThat(got).containsOnlyKeys(headers.keySet());
        assertThat(((LongString) got.get("string")).toString()).isEqualTo(TEXT);
        assertThat(((LongString) got.get("long-string-raw")).getBytes()).containsExactly(RAW);
        assertThat(got.get("int")).isEqualTo(-42);
        assertThat(got.get("unsigned-int")).isEqualTo(4_000_000_000L);
        assertThat(got.get("long")).isEqualTo(1L << 40);
        assertThat(got.get("short")).isEqualTo((short) -300);
        assertThat(got.get("unsigned-short")).isEqualTo(65_000);
        assertThat(got.get("byte")).isEqualTo((byte) -5);
        assertThat(got.get("unsigned-byte")).isEqualTo(250);
        assertThat(got.get("float")).isEqualTo(2.25f);
        assertThat(got.get("double")).isEqualTo(-0.125d);
        assertThat(got.get("decimal")).isEqualTo(new BigDecimal("3.14159"));
        assertThat(got.get("boolean")).isEqualTo(true);
        assertThat(got.get("timestamp")).isEqualTo(Date.from(TIMESTAMP));
        assertThat(got.get("table"))
                .isInstanceOfSatisfying(
                        Map.class, table -> assertThat(table.get("n-int")).isEqualTo(5));
        assertThat(got.get("array")).isInstanceOfSatisfying(List.class, array -> {
            assertThat(array.get(0)).isEqualTo(1);
            assertThat(array.get(1).toString()).isEqualTo("two");
            assertThat(array.get(2)).isEqualTo(List.of(true));
        });
        assertThat((byte[]) got.get("bytes")).containsExactly(9, 8, 7);
        assertThat(got).containsEntry("void", null);
        assertThat(new String(((LongString) got.get("string")).getBytes(), StandardCharsets.UTF_8))
                .isEqualTo(TEXT);
    }
}
