package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.frame.ByteSink;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pre-encoded acknowledgements are byte for byte what the generated codec writes. */
class AckFramesTest {

    private static byte[] encoded(int channel, Method method) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(new ByteSink() {
                    @Override
                    public void write(ByteBuffer data) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        out.write(bytes, 0, bytes.length);
                    }

                    @Override
                    public void write(byte[] data, int offset, int length) {
                        out.write(data, offset, length);
                    }
                })
                .writeMethod(channel, method);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({
        "1, 0, false, false",
        "1, 1, true, false",
        "7, 255, false, true",
        "300, 65536, true, true",
        "65535, 9223372036854775807, true, true",
        "2047, 1234567890123, false, false",
    })
    void eachFrameMatchesTheCodec(int channel, long tag, boolean first, boolean second) {
        AckFrames frames = new AckFrames(channel);

        assertThat(Arrays.copyOf(frames.ack(tag, first), AckFrames.FRAME_SIZE))
                .isEqualTo(encoded(channel, new Basic.Ack(tag, first)));
        assertThat(Arrays.copyOf(frames.nack(tag, first, second), AckFrames.FRAME_SIZE))
                .isEqualTo(encoded(channel, new Basic.Nack(tag, first, second)));
        assertThat(Arrays.copyOf(frames.reject(tag, second), AckFrames.FRAME_SIZE))
                .isEqualTo(encoded(channel, new Basic.Reject(tag, second)));
    }
}
