package dev.pika.connection;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A {@link Connection} driven by a test in place of an adapter: the test connects, feeds and ends the stream. */
public final class TestConnection extends Connection {

    private final ManualIoServices io;
    private CapturingTransport transport;
    private int disconnectRequests;

    public TestConnection(
            ConnectionParameters parameters,
            ManualIoServices io,
            Consumer<Connection> onOpen,
            BiConsumer<Connection, AmqpConnectionException> onOpenError,
            BiConsumer<Connection, AmqpConnectionException> onClose) {
        super(parameters, io, onOpen, onOpenError, onClose);
        this.io = io;
    }

    /** The adapter's stream is up. */
    public CapturingTransport connectStream() {
        transport = new CapturingTransport(io, this::streamTerminated);
        onStreamConnected(transport);
        return transport;
    }

    public CapturingTransport transport() {
        return transport;
    }

    /** Bytes from the broker. */
    public void receive(ByteBuffer data) {
        onDataReceived(data);
    }

    /** The adapter reports the end of the stream. */
    public void streamTerminated(Throwable cause) {
        onStreamTerminated(cause);
    }

    /** The adapter reports a drained write buffer. */
    public void writeBufferDrained() {
        onWriteBufferDrained();
    }

    @Override
    protected void adapterDisconnectStream() {
        disconnectRequests++;
        io.addCallbackThreadsafe(() -> onStreamTerminated(null));
    }

    public int disconnectRequests() {
        return disconnectRequests;
    }
}
