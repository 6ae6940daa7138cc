package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.channel.Channel;
import dev.pika.frame.FieldValue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Publish and consume round trips through a real broker for the body sizes around the frame boundary (a body frame
 * carries at most {@code frame_max - 8} bytes), the empty body and 10 MiB, each message carrying every {@link
 * BasicProperties} field and a header table with a value of every AMQP field type: what is delivered is byte for
 * byte what was published, from an array or (sent in place) from a direct buffer.
 */
@PikaIntegrationTest
class RoundTripIT {

    private static final int TEN_MIB = 10 * 1024 * 1024;

    private static TestBroker broker;
    private static LiveConnection live;
    private static Channel channel;

    /** The body sizes, relative to the negotiated frame_max where it matters. */
    enum Size {
        EMPTY(frameMax -> 0),
        ONE_BYTE(frameMax -> 1),
        FRAME_MAX_MINUS_9(frameMax -> frameMax - 9),
        FRAME_MAX_MINUS_8(frameMax -> frameMax - 8),
        FRAME_MAX_MINUS_7(frameMax -> frameMax - 7),
        TEN_MIB(frameMax -> RoundTripIT.TEN_MIB);

        final IntUnaryOperator length;

        Size(IntUnaryOperator length) {
            this.length = length;
        }
    }

    @BeforeAll
    static void connect() {
        live = LiveConnection.open(broker);
        channel = live.channel();
        live.await(channel::confirmDelivery);
    }

    @AfterAll
    static void disconnect() {
        if (live != null) {
            live.close();
        }
    }

    /** A header table with one value of every AMQP field type (and nesting). */
    static Map<String, Object> everyFieldType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("int", 7);
        nested.put("string", "inner");
        nested.put("table", Map.of("deep", true));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("t-boolean", true);
        headers.put("b-byte", (byte) -7);
        headers.put("B-unsigned-byte", new FieldValue.UnsignedByte(200));
        headers.put("s-short", (short) -1234);
        headers.put("u-unsigned-short", new FieldValue.UnsignedShort(60_000));
        headers.put("I-int", -123_456_789);
        headers.put("i-unsigned-int", new FieldValue.UnsignedInt(4_000_000_000L));
        headers.put("l-long", Long.MIN_VALUE + 1);
        headers.put("f-float", 1.5f);
        headers.put("d-double", Math.PI);
        headers.put("D-decimal", new BigDecimal("-12345.6789"));
        headers.put("S-string", "h\u00e9llo \u2713 \uD83D\uDC07");
        headers.put("S-raw-bytes", new FieldValue.LongString(new byte[] {(byte) 0xff, 0, (byte) 0xc3}));
        headers.put("x-byte-array", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff});
        headers.put("T-timestamp", Instant.ofEpochSecond(1_700_000_123L));
        headers.put("F-table", nested);
        headers.put("A-array", List.of(1, "two", 3.0d, List.of(false), Map.of("k", 4L)));
        headers.put("V-void", null);
        return headers;
    }

    static BasicProperties everyProperty(TestBroker broker, Size size) {
        return BasicProperties.builder()
                .contentType("application/octet-stream")
                .contentEncoding("identity")
                .headers(everyFieldType())
                .deliveryMode(DeliveryMode.PERSISTENT)
                .priority(7)
                .correlationId("correlation-" + size)
                .replyTo("reply-to-" + size)
                .expiration(expiration(broker))
                .messageId("message-" + size)
                .timestamp(Instant.ofEpochSecond(1_700_000_000L))
                .type("round-trip")
                .userId(broker.username())
                .appId("pika-java-it")
                .clusterId("cluster-" + size)
                .build();
    }

    /**
     * A per-message TTL of ten minutes: RabbitMQ reads {@code expiration} as a relative TTL in milliseconds, Qpid
     * Broker-J as an absolute time in milliseconds since the epoch (so {@code "600000"} there is long expired and the
     * message is dropped).
     */
    static String expiration(TestBroker broker) {
        return broker.isRabbitMq()
                ? "600000"
                : Long.toString(
                        System.currentTimeMillis() + Duration.ofMinutes(10).toMillis());
    }

    /** A body whose every byte depends on its position, so that a shifted or dropped byte shows. */
    static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (i * 31 + (i >>> 8) * 7 + 3);
        }
        return body;
    }

    /** What was delivered. */
    private record Delivery(BasicProperties properties, byte[] body, boolean redelivered) {}

    @ParameterizedTest(name = "{0}")
    @EnumSource(Size.class)
    void aMessageIsDeliveredByteForByteAsPublished(Size size) {
        String queue = broker.name("round-trip-" + size.name().toLowerCase());
        int frameMax = live.call(live.connection::frameMax);
        assertThat(frameMax).as("negotiated frame_max").isGreaterThanOrEqualTo(4096);
        byte[] body = body(size.length.applyAsInt(frameMax));
        BasicProperties properties = everyProperty(broker, size);
        live.await(() -> channel.queueDeclare(queue, false, false, false, false, null));

        live.await(() -> channel.basicPublishConfirmed("", queue, body, properties, true));

        assertDeliveredAsPublished(queue, body, properties);
    }

    /**
     * The zero-copy form: the body in a direct buffer, confirmed and not mandatory, so that the transport sends its
     * large body frames from the buffer in place; the buffer is changed only once the broker confirmed the message.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Size.class)
    void aDirectBufferIsDeliveredByteForByteAsPublished(Size size) {
        String queue = broker.name("round-trip-direct-" + size.name().toLowerCase());
        int frameMax = live.call(live.connection::frameMax);
        byte[] body = body(size.length.applyAsInt(frameMax));
        ByteBuffer buffer = ByteBuffer.allocateDirect(body.length + 3);
        buffer.position(3);
        buffer.put(body).flip().position(3);
        BasicProperties properties = everyProperty(broker, size);
        live.await(() -> channel.queueDeclare(queue, false, false, false, false, null));

        live.await(() -> channel.basicPublishConfirmed("", queue, buffer, properties, false));
        assertThat(buffer.position()).isEqualTo(3);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0); // confirmed: the buffer is the caller's again
        }

        assertDeliveredAsPublished(queue, body, properties);
    }

    private void assertDeliveredAsPublished(String queue, byte[] body, BasicProperties properties) {
        CompletableFuture<Delivery> delivered = new CompletableFuture<>();
        String tag = live.call(() -> channel.basicConsume(queue, (ch, method, props, bytes) -> {
            ch.basicAck(method.deliveryTag());
            delivered.complete(new Delivery(props, bytes, method.redelivered()));
        }));
        Delivery delivery = Loops.await(delivered);
        live.await(() -> channel.basicCancel(tag));
        live.await(() -> channel.queueDelete(queue));

        assertThat(delivery.body().length).isEqualTo(body.length);
        assertThat(Arrays.mismatch(delivery.body(), body))
                .as("first differing byte")
                .isEqualTo(-1);
        assertThat(delivery.properties()).isEqualTo(properties);
        assertThat(delivery.properties().headers().get("S-raw-bytes"))
                .isEqualTo(new FieldValue.LongString(new byte[] {(byte) 0xff, 0, (byte) 0xc3}));
        assertThat((byte[]) delivery.properties().headers().get("x-byte-array")).containsExactly(0, 1, 2, 0xfe, 0xff);
        assertThat(delivery.properties().headers().get("S-string"))
                .isEqualTo(new String(
                        "h\u00e9llo \u2713 \uD83D\uDC07".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(delivery.redelivered()).isFalse();
    }
}
