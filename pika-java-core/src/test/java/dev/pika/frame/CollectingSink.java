package dev.pika.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link ByteSink} that collects every byte, and remembers the arrays it was given. */
final class CollectingSink implements ByteSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<byte[]> arraysWritten = new ArrayList<>();
    int writes;

    @Override
    public void write(ByteBuffer data) {
        writes++;
        while (data.hasRemaining()) {
            bytes.write(data.get());
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        writes++;
        arraysWritten.add(data);
        bytes.write(data, offset, length);
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    String hex() {
        return Hex.of(bytes());
    }

    void reset() {
        bytes.reset();
        arraysWritten.clear();
        writes = 0;
    }
}
