package dev.pika.connection;

import dev.pika.io.StreamProtocol;
import dev.pika.io.StreamTransport;
import dev.pika.io.WriteBufferFullException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * A {@link StreamTransport} for engine tests: it captures what the engine writes, and reports its end ({@code
 * connectionLost}) on the next pump of the {@link ManualIoServices}, never from inside {@link #abort()} or {@link
 * #close()}, as the real transports do.
 */
public final class CapturingTransport implements StreamTransport {

    private final ManualIoServices io;
    private final Consumer<Throwable> connectionLost;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean open = true;
    private boolean aborted;
    private boolean closed;
    private long bufferedBytes;
    private long hardLimit = Long.MAX_VALUE;
    private boolean writable = true;
    private boolean discardWrites;

    public CapturingTransport(ManualIoServices io, Consumer<Throwable> connectionLost) {
        this.io = io;
        this.connectionLost = connectionLost;
    }

    @Override
    public void write(ByteBuffer data) {
        if (!open) {
            data.position(data.limit());
            return;
        }
        int length = data.remaining();
        checkLimit(length);
        if (discardWrites) {
            data.position(data.limit());
            return;
        }
        byte[] copy = new byte[length];
        data.get(copy);
        written.write(copy, 0, length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (!open) {
            return;
        }
        checkLimit(length);
        if (!discardWrites) {
            written.write(data, offset, length);
        }
    }

    private void checkLimit(int length) {
        if (bufferedBytes + length > hardLimit) {
            throw new WriteBufferFullException(bufferedBytes, length, hardLimit);
        }
    }

    /** Drops what the engine writes from now on, without copying it (for allocation measurements). */
    public void discardWrites() {
        this.discardWrites = true;
    }

    /** Takes the bytes written since the last call. */
    public byte[] drain() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    /** Pretends that {@code bytes} wait unsent in the outbound buffer, refusing writes above {@code limit}. */
    public void simulateBacklog(long bytes, long limit) {
        this.bufferedBytes = bytes;
        this.hardLimit = limit;
    }

    public void writable(boolean value) {
        this.writable = value;
    }

    @Override
    public long writeBufferSize() {
        return bufferedBytes;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void abort() {
        if (open) {
            open = false;
            aborted = true;
            io.addCallbackThreadsafe(() -> connectionLost.accept(null));
        }
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            closed = true;
            io.addCallbackThreadsafe(() -> connectionLost.accept(null));
        }
    }

    /** The peer or the network ends the stream with {@code error} ({@code null}: end of stream). */
    public void lose(Throwable error) {
        if (open) {
            open = false;
            io.addCallbackThreadsafe(() -> connectionLost.accept(error));
        }
    }

    public boolean aborted() {
        return aborted;
    }

    /** Whether the engine closed the transport gracefully (flushing what it wrote). */
    public boolean closedGracefully() {
        return closed;
    }

    @Override
    public StreamProtocol protocol() {
        return null;
    }

    @Override
    public SSLSession sslSession() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("broker.test", 5672);
    }

    @Override
    public InetSocketAddress localAddress() {
        return InetSocketAddress.createUnresolved("client.test", 40000);
    }
}
