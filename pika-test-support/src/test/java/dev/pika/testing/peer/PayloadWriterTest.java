package dev.pika.testing.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden bytes of the hand-written encoders, checked against the AMQP 0-9-1 layout. */
class PayloadWriterTest {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void integersAreBigEndianAndBitsArePackedLowestFirst() {
        byte[] bytes = new PayloadWriter()
                .octet(0x1FF)
                .shortInt(0x0102)
                .longInt(0x8000_0000L)
                .longLong(0x0102_0304_0506_0708L)
                .bit(true)
                .bit(false)
                .bit(true)
                .octet(7)
                .toByteArray();
        assertThat(hex(bytes)).isEqualTo("ff" + "0102" + "80000000" + "0102030405060708" + "05" + "07");
    }

    @Test
    void stringsAndTablesCarryTheirLengthPrefixes() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("a", "x");
        table.put("b", true);
        table.put("c", 1);
        table.put("d", 2L);
        table.put("e", Map.of("f", false));
        byte[] bytes = new PayloadWriter()
                .shortString("hi")
                .longString("yo")
                .table(table)
                .toByteArray();
        assertThat(hex(bytes))
                .isEqualTo("026869" + "00000002796f"
                        + "00000029"
                        + "0161" + "53" + "00000001" + "78"
                        + "0162" + "74" + "01"
                        + "0163" + "49" + "00000001"
                        + "0164" + "6c" + "0000000000000002"
                        + "0165" + "46" + "00000004" + "0166" + "7400");
    }

    @Test
    void anUnsupportedTableValueNamesTheKeyAndTheWayOut() {
        assertThatThrownBy(() -> new PayloadWriter().table(Map.of("k", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=")
                .hasMessageContaining("bytes(...)");
    }

    @Test
    void framesHaveHeaderPayloadAndEndOctet() {
        assertThat(hex(AmqpFrames.heartbeat())).isEqualTo("08" + "0000" + "00000000" + "ce");
        assertThat(hex(AmqpFrames.frame(AmqpFrames.FRAME_BODY, 1, new byte[] {42}, 0)))
                .isEqualTo("03" + "0001" + "00000001" + "2a" + "00");
        assertThat(hex(AmqpFrames.connectionCloseOk())).isEqualTo("01" + "0000" + "00000004" + "000a0033" + "ce");
        assertThat(hex(AmqpFrames.frameStart(AmqpFrames.FRAME_METHOD, 0, 0x4000_0000L, new byte[] {0, 10})))
                .isEqualTo("01" + "0000" + "40000000" + "000a");
        assertThat(hex(AmqpFrames.connectionTune(2047, 4096, 60)))
                .isEqualTo("01" + "0000" + "0000000c" + "000a001e" + "07ff" + "00001000" + "003c" + "ce");
    }

    @Test
    void inboundFramesReadTheArgumentsScriptsCheck() {
        byte[] close = AmqpFrames.connectionClose(501, "FRAME_ERROR", 0, 0);
        InboundFrame frame = new InboundFrame(1, 0, java.util.Arrays.copyOfRange(close, 7, close.length - 1));
        assertThat(frame.isMethod(AmqpFrames.CONNECTION_CLOSE)).isTrue();
        assertThat(frame.closeReplyCode()).isEqualTo(501);
        assertThat(frame.closeReplyText()).isEqualTo("FRAME_ERROR");
        byte[] consume = new PayloadWriter()
                .shortInt(60)
                .shortInt(20)
                .shortInt(0)
                .shortString("q")
                .shortString("tag-1")
                .toByteArray();
        assertThat(new InboundFrame(1, 1, consume).consumeTag()).isEqualTo("tag-1");
        assertThat(new InboundFrame(3, 1, new byte[] {7}))
                .isEqualTo(new InboundFrame(3, 1, new byte[] {7}))
                .hasSameHashCodeAs(new InboundFrame(3, 1, new byte[] {7}))
                .isNotEqualTo(new InboundFrame(3, 1, new byte[] {8}));
        assertThatThrownBy(() -> new InboundFrame(8, 0, new byte[0]).closeReplyCode())
                .isInstanceOf(IllegalStateException.class);
    }
}
