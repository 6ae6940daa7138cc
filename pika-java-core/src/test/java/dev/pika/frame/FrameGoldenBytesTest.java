package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.spec.Access;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel;
import dev.pika.spec.Confirm;
import dev.pika.spec.Connection;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame kind, and methods of every class, against bytes written out by hand from the AMQP 0-9-1 specification:
 * encoded by {@link FrameWriter} and decoded by {@link FrameDecoder}.
 */
class FrameGoldenBytesTest {

    private final CollectingSink sink = new CollectingSink();
    private final FrameWriter writer = new FrameWriter(sink);
    private final RecordingHandler handler = new RecordingHandler();
    private final FrameDecoder decoder = new FrameDecoder(handler, 131072);

    static Stream<Arguments> methods() {
        return Stream.of(
                // type 01, channel, payload size, class id, method id, arguments, frame end CE
                Arguments.of(
                        0, new Connection.Tune(2047, 131072, 60), "01 0000 0000000c 000a 001e 07ff 00020000 003c ce"),
                Arguments.of(
                        0,
                        new Connection.Close(320, "CONNECTION_FORCED", 0, 0),
                        "01 0000 0000001c 000a 0032 0140 11" + Hex.ascii("CONNECTION_FORCED") + " 0000 0000 ce"),
                Arguments.of(0, new Connection.Open("/", "", false), "01 0000 00000008 000a 0028 01 2f 00 00 ce"),
                Arguments.of(0, Connection.Unblocked.INSTANCE, "01 0000 00000004 000a 003d ce"),
                Arguments.of(0, new Connection.Blocked("low"), "01 0000 00000008 000a 003c 03 6c6f77 ce"),
                Arguments.of(
                        0,
                        new Connection.UpdateSecret("tok", "r"),
                        "01 0000 0000000d 000a 0046 00000003 746f6b 01 72 ce"),
                Arguments.of(0, Connection.UpdateSecretOk.INSTANCE, "01 0000 00000004 000a 0047 ce"),
                Arguments.of(1, new Channel.Open(""), "01 0001 00000005 0014 000a 00 ce"),
                Arguments.of(1, new Channel.Flow(true), "01 0001 00000005 0014 0014 01 ce"),
                Arguments.of(
                        1,
                        new Channel.Close(404, "NOT_FOUND", 50, 10),
                        "01 0001 00000014 0014 0028 0194 09" + Hex.ascii("NOT_FOUND") + " 0032 000a ce"),
                Arguments.of(
                        1,
                        new Access.Request("/data", false, true, true, true, true),
                        "01 0001 0000000b 001e 000a 05 2f64617461 1e ce"),
                Arguments.of(
                        1,
                        new Exchange.Declare(0, "x", "topic", false, true, false, false, false, Map.of()),
                        "01 0001 00000013 0028 000a 0000 01 78 05 746f706963 02 00000000 ce"),
                Arguments.of(1, Exchange.UnbindOk.INSTANCE, "01 0001 00000004 0028 0033 ce"),
                Arguments.of(
                        1,
                        new Exchange.Bind(0, "d", "s", "k", true, Map.of()),
                        "01 0001 00000011 0028 001e 0000 0164 0173 016b 01 00000000 ce"),
                // Queue.Declare bits: passive 1, durable 2, exclusive 4, auto-delete 8, nowait 16
                Arguments.of(
                        1,
                        new Queue.Declare(0, "q", false, true, false, true, false, Map.of()),
                        "01 0001 0000000d 0032 000a 0000 01 71 0a 00000000 ce"),
                Arguments.of(
                        1,
                        new Queue.Declare(0, "q", true, false, true, false, true, null),
                        "01 0001 0000000d 0032 000a 0000 01 71 15 00000000 ce"),
                Arguments.of(
                        1, new Queue.DeclareOk("q", 3, 1), "01 0001 0000000e 0032 000b 01 71 00000003 00000001 ce"),
                Arguments.of(
                        1, new Queue.Delete(0, "q", true, false, true), "01 0001 00000009 0032 0028 0000 01 71 05 ce"),
                Arguments.of(1, new Basic.Qos(0, 500, false), "01 0001 0000000b 003c 000a 00000000 01f4 00 ce"),
                Arguments.of(
                        1,
                        new Basic.Consume(0, "q", "ctag", false, true, false, false, Map.of()),
                        "01 0001 00000012 003c 0014 0000 01 71 04 63746167 02 00000000 ce"),
                Arguments.of(
                        2,
                        new Basic.Deliver("ctag", 1, true, "", "q"),
                        "01 0002 00000015 003c 003c 04 63746167 0000000000000001 01 00 01 71 ce"),
                Arguments.of(1, new Basic.Ack(5, true), "01 0001 0000000d 003c 0050 0000000000000005 01 ce"),
                Arguments.of(1, new Basic.Nack(7, false, true), "01 0001 0000000d 003c 0078 0000000000000007 02 ce"),
                Arguments.of(1, new Basic.Reject(9, false), "01 0001 0000000d 003c 005a 0000000000000009 00 ce"),
                Arguments.of(1, new Basic.GetEmpty(""), "01 0001 00000005 003c 0048 00 ce"),
                Arguments.of(1, new Confirm.Select(false), "01 0001 00000005 0055 000a 00 ce"),
                Arguments.of(1, Confirm.SelectOk.INSTANCE, "01 0001 00000004 0055 000b ce"),
                Arguments.of(1, Tx.Select.INSTANCE, "01 0001 00000004 005a 000a ce"),
                Arguments.of(1, Tx.RollbackOk.INSTANCE, "01 0001 00000004 005a 001f ce"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("methods")
    void methodFramesEncodeToTheSpecifiedBytes(int channel, Method method, String hex) {
        if (method.hasContent()) {
            writer.writeContent(channel, method, null, new byte[0], 131072);
            assertThat(sink.hex()).startsWith(Hex.of(Hex.bytes(hex)));
        } else {
            writer.writeMethod(channel, method);
            assertThat(sink.hex()).isEqualTo(Hex.of(Hex.bytes(hex)));
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("methods")
    void methodFramesDecodeFromTheSpecifiedBytes(int channel, Method method, String hex) {
        decoder.decode(ByteBuffer.wrap(Hex.bytes(hex)));

        assertThat(handler.methods).containsExactly(method);
        assertThat(handler.events).containsExactly("method " + channel + " " + method);
    }

    @Test
    void protocolHeader() {
        writer.writeProtocolHeader();
        assertThat(sink.hex()).isEqualTo("414d515000000901");

        decoder.decode(ByteBuffer.wrap(Hex.bytes("414d5150 00 00 09 01")));
        assertThat(handler.events).containsExactly("protocol 0-9-1");
    }

    @Test
    void protocolHeaderOfAnotherVersionIsReportedAsAnnounced() {
        decoder.decode(ByteBuffer.wrap(Hex.bytes("414d5150 01 01 08 00")));

        assertThat(handler.events).containsExactly("protocol 1-8-0");
    }

    @Test
    void heartbeat() {
        writer.writeHeartbeat();
        assertThat(sink.hex()).isEqualTo("080000000000" + "00ce");

        decoder.decode(ByteBuffer.wrap(Hex.bytes("08 0000 00000000 ce")));
        assertThat(handler.events).containsExactly("heartbeat 0");
    }

    @Test
    void contentIsAMethodFrameAHeaderFrameAndABodyFrame() {
        BasicProperties properties = BasicProperties.builder()
                .contentType("text/plain")
                .deliveryMode(DeliveryMode.PERSISTENT)
                .build();
        byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String golden = "01 0001 0000000a 003c 0028 0000 00 01 71 00 ce"
                // header: class 60, weight 0, body size 5, flags content-type (bit 15) + delivery-mode (bit 12)
                + "02 0001 0000001a 003c 0000 0000000000000005 9000 0a 746578742f706c61696e 02 ce"
                + "03 0001 00000005 68656c6c6f ce";

        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), properties, body, 131072);
        assertThat(sink.hex()).isEqualTo(Hex.of(Hex.bytes(golden)));
        assertThat(sink.arraysWritten)
                .as("the body goes to the sink from the caller's array")
                .contains(body);

        decoder.decode(ByteBuffer.wrap(Hex.bytes(golden)));
        assertThat(handler.events)
                .containsExactly(
                        "method 1 " + new Basic.Publish(0, "", "q", false, false),
                        "header 1 class 60 size 5 " + properties,
                        "body 1 68656c6c6f");
        assertThat(handler.properties).containsExactly(properties);
    }

    @Test
    void mandatoryPublishSetsTheFirstBit() {
        writer.writeContent(1, new Basic.Publish(0, "ex", "rk", true, false), null, new byte[0], 131072);

        assertThat(sink.hex())
                .isEqualTo(Hex.of(Hex.bytes("01 0001 0000000d 003c 0028 0000 02 6578 02 726b 01 ce"
                        + "02 0001 0000000e 003c 0000 0000000000000000 0000 ce")));
    }

    @Test
    void immediatePublishSetsTheSecondBit() {
        writer.writeContent(1, new Basic.Publish(0, "", "", false, true), null, new byte[0], 131072);

        assertThat(sink.hex()).startsWith(Hex.of(Hex.bytes("01 0001 00000009 003c 0028 0000 00 00 02 ce")));
    }

    @Test
    void emptyBodyHasNoBodyFrame() {
        writer.writeContent(3, new Basic.Publish(0, "", "q", false, false), BasicProperties.EMPTY, new byte[0], 4096);

        byte[] bytes = sink.bytes();
        int methodFrame = 8 + 10;
        assertThat(bytes).hasSize(methodFrame + 8 + 14);
        assertThat(Hex.of(Arrays.copyOfRange(bytes, methodFrame, bytes.length)))
                .isEqualTo(Hex.of(Hex.bytes("02 0003 0000000e 003c 0000 0000000000000000 0000 ce")));
    }

    @Test
    void bodyIsSplitIntoFramesOfFrameMaxMinusEightBytes() {
        byte[] body = new byte[10000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }

        writer.writeContent(5, new Basic.Publish(0, "", "q", false, false), null, body, 4096);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(Hex.bytes("01 0005 0000000a 003c 0028 0000 00 01 71 00 ce"));
        expected.writeBytes(Hex.bytes("02 0005 0000000e 003c 0000 0000000000002710 0000 ce"));
        expected.writeBytes(Hex.bytes("03 0005 00000ff8")); // 4088 = 4096 - 8
        expected.write(body, 0, 4088);
        expected.writeBytes(Hex.bytes("ce 03 0005 00000ff8"));
        expected.write(body, 4088, 4088);
        expected.writeBytes(Hex.bytes("ce 03 0005 00000720")); // the last 1824 bytes
        expected.write(body, 8176, 1824);
        expected.writeBytes(Hex.bytes("ce"));
        assertThat(sink.bytes()).isEqualTo(expected.toByteArray());
        assertThat(sink.arraysWritten).containsOnly(body).hasSize(3);

        decoder.decode(ByteBuffer.wrap(sink.bytes()));
        assertThat(handler.events).hasSize(3);
        assertThat(handler.events.get(2)).isEqualTo("body 5 " + Hex.of(body));
    }

    @Test
    void aBodyFrameWithExactlyFrameMaxBytesIsNotSplit() {
        byte[] body = new byte[4096 - 8];

        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), null, body, 4096);

        assertThat(sink.arraysWritten).hasSize(1);
        assertThat(sink.bytes()).hasSize(18 + 22 + 4096);
    }

    @Test
    void contentFromAnArrayRangeWritesOnlyThatRange() {
        byte[] array = Hex.bytes("00 11 22 33 44 55");

        writer.writeContent(1, new Basic.Publish(0, "", "q", false, false), null, array, 2, 3, 4096);

        assertThat(sink.hex()).endsWith(Hex.of(Hex.bytes("03 0001 00000003 223344 ce")));
    }
}
