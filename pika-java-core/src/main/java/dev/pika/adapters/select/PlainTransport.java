package dev.pika.adapters.select;

import dev.pika.io.StreamConnectRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSession;

/**
 * A plain TCP {@link dev.pika.io.StreamTransport}: reads into the loop's shared direct buffer and hands the
 * protocol a read-only view of it; writes go out with one gathering write per flush.
 *
 * <p>Not thread-safe: confined to the loop's thread.
 */
final class PlainTransport extends AbstractStreamTransport {

    PlainTransport(IoLoop loop, SocketChannel channel, SelectionKey key, StreamConnectRequest request) {
        super(loop, channel, key, request);
    }

    @Override
    void onReadable() {
        ByteBuffer buffer = loop.readBuffer();
        for (int reads = 0; reads < IoLoopOptions.MAX_READS_PER_EVENT; reads++) {
            buffer.clear();
            int count;
            try {
                count = channel.read(buffer);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (count < 0) {
                onEndOfStream();
                return;
            }
            if (count == 0 || !deliver(loop.readView(count)) || count < buffer.capacity()) {
                return;
            }
        }
    }

    @Override
    boolean flushToSocket() throws IOException {
        socketWrites++;
        outbound.writeTo(channel);
        return outbound.isEmpty();
    }

    @Override
    void flushBeforeClose() throws IOException {
        outbound.writeTo(channel);
    }

    @Override
    public SSLSession sslSession() {
        return null;
    }
}
