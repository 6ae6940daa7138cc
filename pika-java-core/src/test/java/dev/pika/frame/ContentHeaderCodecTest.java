package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentHeaderCodecTest {

    private static final BasicProperties ALL = BasicProperties.builder()
            .contentType("a")
            .contentEncoding("b")
            .headers(Map.of("h", 1))
            .deliveryMode(2)
            .priority(9)
            .correlationId("c")
            .replyTo("r")
            .expiration("60000")
            .messageId("m")
            .timestamp(Instant.ofEpochSecond(1609459200L))
            .type("t")
            .userId("u")
            .appId("p")
            .clusterId("k")
            .build();

    /** Flags 0xfffc (bits 15 to 2), then the 14 properties in definition order. */
    private static final String ALL_HEX = "fffc 0161 0162 00000007 0168 49 00000001 02 09 0163 0172 05 3630303030"
            + " 016d 000000005fee6600 0174 0175 0170 016b";

    @Test
    void allFourteenPropertiesAreWrittenInOrderBehindTheirFlags() {
        assertThat(Hex.of(write(ALL))).isEqualTo(Hex.of(Hex.bytes(ALL_HEX)));
    }

    @Test
    void allFourteenPropertiesAreRead() {
        BasicProperties read = new ContentHeaderCodec().read(ByteBuffer.wrap(Hex.bytes(ALL_HEX)));

        assertThat(read).isEqualTo(ALL);
        assertThat(read.timestamp()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
    }

    static Stream<Arguments> singleProperties() {
        return Stream.of(
                Arguments.of(Basic.FLAG_CONTENT_TYPE, (UnaryOperator<BasicProperties.Builder>) b -> b.contentType("x")),
                Arguments.of(Basic.FLAG_CONTENT_ENCODING, (UnaryOperator<BasicProperties.Builder>)
                        b -> b.contentEncoding("x")),
                Arguments.of(Basic.FLAG_HEADERS, (UnaryOperator<BasicProperties.Builder>) b -> b.headers(Map.of())),
                Arguments.of(Basic.FLAG_DELIVERY_MODE, (UnaryOperator<BasicProperties.Builder>) b -> b.deliveryMode(1)),
                Arguments.of(Basic.FLAG_PRIORITY, (UnaryOperator<BasicProperties.Builder>) b -> b.priority(0)),
                Arguments.of(
                        Basic.FLAG_CORRELATION_ID, (UnaryOperator<BasicProperties.Builder>) b -> b.correlationId("")),
                Arguments.of(Basic.FLAG_REPLY_TO, (UnaryOperator<BasicProperties.Builder>) b -> b.replyTo("x")),
                Arguments.of(Basic.FLAG_EXPIRATION, (UnaryOperator<BasicProperties.Builder>) b -> b.expiration("1")),
                Arguments.of(Basic.FLAG_MESSAGE_ID, (UnaryOperator<BasicProperties.Builder>) b -> b.messageId("x")),
                Arguments.of(
                        Basic.FLAG_TIMESTAMP, (UnaryOperator<BasicProperties.Builder>) b -> b.timestamp(Instant.EPOCH)),
                Arguments.of(Basic.FLAG_TYPE, (UnaryOperator<BasicProperties.Builder>) b -> b.type("x")),
                Arguments.of(Basic.FLAG_USER_ID, (UnaryOperator<BasicProperties.Builder>) b -> b.userId("x")),
                Arguments.of(Basic.FLAG_APP_ID, (UnaryOperator<BasicProperties.Builder>) b -> b.appId("x")),
                Arguments.of(Basic.FLAG_CLUSTER_ID, (UnaryOperator<BasicProperties.Builder>) b -> b.clusterId("x")));
    }

    @ParameterizedTest(name = "flag {0}")
    @MethodSource("singleProperties")
    void eachPropertySetsOnlyItsFlagAndRoundTrips(int flag, UnaryOperator<BasicProperties.Builder> set) {
        BasicProperties properties = set.apply(BasicProperties.builder()).build();

        byte[] bytes = write(properties);

        assertThat(ByteBuffer.wrap(bytes).getShort() & 0xFFFF).isEqualTo(flag);
        assertThat(new ContentHeaderCodec().read(ByteBuffer.wrap(bytes))).isEqualTo(properties);
    }

    @Test
    void theFlagsAreTheSpecificationBits() {
        assertThat(Basic.FLAG_CONTENT_TYPE).isEqualTo(0x8000);
        assertThat(Basic.FLAG_HEADERS).isEqualTo(0x2000);
        assertThat(Basic.FLAG_DELIVERY_MODE).isEqualTo(0x1000);
        assertThat(Basic.FLAG_TIMESTAMP).isEqualTo(0x0040);
        assertThat(Basic.FLAG_CLUSTER_ID).isEqualTo(0x0004);
    }

    @Test
    void noPropertiesIsAZeroFlagWordAndReadsAsEmpty() {
        assertThat(write(BasicProperties.EMPTY)).isEqualTo(Hex.bytes("0000"));
        assertThat(write(null)).isEqualTo(Hex.bytes("0000"));
        assertThat(new ContentHeaderCodec().read(ByteBuffer.wrap(Hex.bytes("0000"))))
                .isSameAs(BasicProperties.EMPTY);
    }

    @Test
    void continuationFlagWordsAreSkipped() {
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes("8001 0001 0000 01 61"));

        BasicProperties read = new ContentHeaderCodec().read(in);

        assertThat(read.contentType()).isEqualTo("a");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void decodedPropertiesDoNotShareStateThroughTheReusedBuilder() {
        ContentHeaderCodec codec = new ContentHeaderCodec();
        BasicProperties first = codec.read(ByteBuffer.wrap(Hex.bytes(ALL_HEX)));
        BasicProperties second = codec.read(ByteBuffer.wrap(Hex.bytes("1000 01")));

        assertThat(first).isEqualTo(ALL);
        assertThat(second).isEqualTo(BasicProperties.builder().deliveryMode(1).build());
    }

    private static byte[] write(BasicProperties properties) {
        ByteBuffer out = ByteBuffer.allocate(1024);
        ContentHeaderCodec.write(out, properties);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
