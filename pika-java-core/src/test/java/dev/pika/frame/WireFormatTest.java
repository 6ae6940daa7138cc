package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.ShortStringTooLongException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ascii",
                "caf\u00e9",
                "\u20ac uro",
                "\ud83d\udc07 rabbit",
                "unpaired \ud83d high",
                "unpaired \udc07 low",
                "ends high \ud83d",
                "\u07ff\u0800\uffff"
            })
    void utf8IsWhatTheJdkEncodes(String value) {
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        assertThat(WireFormat.utf8Length(value)).isEqualTo(expected.length);

        for (ByteBuffer out : new ByteBuffer[] {
            ByteBuffer.allocate(300), ByteBuffer.allocateDirect(300), ByteBuffer.allocate(expected.length + 4)
        }) {
            WireFormat.writeLongString(out, value);
            out.flip();
            assertThat(out.getInt()).isEqualTo(expected.length);
            byte[] written = new byte[out.remaining()];
            out.get(written);
            assertThat(written).isEqualTo(expected);
        }
    }

    @Test
    void shortStringRoundTripsFromHeapAndDirectBuffers() {
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
            WireFormat.writeShortString(buffer, "r\u00e9sum\u00e9");
            buffer.flip();
            assertThat(buffer.get(0)).isEqualTo((byte) 8);
            assertThat(WireFormat.readShortString(buffer)).isEqualTo("r\u00e9sum\u00e9");
            assertThat(buffer.hasRemaining()).isFalse();
        }
    }

    @Test
    void shortStringLimitIs255BytesNotCharacters() {
        String fits = "\u00e9".repeat(127) + "a"; // 255 bytes
        String over = "\u00e9".repeat(128); // 256 bytes, 128 characters
        assertThat(WireFormat.requireShortString("f", fits)).isSameAs(fits);

        assertThatThrownBy(() -> WireFormat.requireShortString("Queue.Declare.queue", over))
                .isInstanceOfSatisfying(ShortStringTooLongException.class, e -> {
                    assertThat(e.field()).isEqualTo("Queue.Declare.queue");
                    assertThat(e.byteLength()).isEqualTo(256);
                })
                .hasMessageContaining("Queue.Declare.queue is 256 bytes");
        ByteBuffer out = ByteBuffer.allocate(1024);
        assertThatThrownBy(() -> WireFormat.writeShortString(out, over))
                .isInstanceOf(ShortStringTooLongException.class);
        assertThat(out.position()).as("nothing written").isZero();
    }

    @Test
    void nullStringsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> WireFormat.requireShortString("Basic.Publish.exchange", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Basic.Publish.exchange must not be null");
        assertThatThrownBy(() -> WireFormat.requireLongString("Connection.StartOk.response", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Connection.StartOk.response");
    }

    @Test
    void rangesOfTheUnsignedTypesAreChecked() {
        assertThat(WireFormat.requireOctet("o", 255)).isEqualTo(255);
        assertThat(WireFormat.requireShort("s", 65535)).isEqualTo(65535);
        assertThat(WireFormat.requireUnsignedInt("l", 4294967295L)).isEqualTo(4294967295L);
        assertThatThrownBy(() -> WireFormat.requireOctet("priority", 256)).hasMessageContaining("priority");
        assertThatThrownBy(() -> WireFormat.requireOctet("o", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireFormat.requireShort("Basic.Qos.prefetchCount", 65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Basic.Qos.prefetchCount must be between 0 and 65535");
        assertThatThrownBy(() -> WireFormat.requireUnsignedInt("l", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireFormat.requireUnsignedInt("l", 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsRunningPastTheLimitAreFrameErrors() {
        assertThatThrownBy(() -> WireFormat.readShortString(ByteBuffer.wrap(Hex.bytes("05 6162"))))
                .isInstanceOf(InvalidFrameException.class);
        assertThatThrownBy(() -> WireFormat.readLongString(ByteBuffer.wrap(Hex.bytes("80000000 6162"))))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("2147483648");
    }

    @Test
    void tooSmallBuffersOverflow() {
        ByteBuffer out = ByteBuffer.allocate(3);

        assertThatThrownBy(() -> WireFormat.writeShortString(out, "abcd")).isInstanceOf(BufferOverflowException.class);
    }
}
