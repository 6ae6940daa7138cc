package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.io.IoCallback;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** A running loop on a named thread per test, and helpers to open streams on it. */
abstract class TransportTestBase {

    private static final AtomicInteger NAMES = new AtomicInteger();

    final IoLoop loop = new IoLoop();
    final String threadName = "pika-io-transport-test-" + NAMES.incrementAndGet();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startLoop() {
        loop.startInBackground(threadName);
    }

    @AfterEach
    void closeEverything() throws Exception {
        loop.close();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        assertThat(Loops.threadAlive(threadName)).as("loop thread left behind").isFalse();
    }

    <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /** Starts a connect on the loop; the future completes with the transport or the failure. */
    CompletableFuture<StreamTransport> connect(StreamConnectRequest request, RecordingProtocol protocol) {
        CompletableFuture<StreamTransport> done = new CompletableFuture<>();
        Loops.onLoop(
                loop,
                () -> loop.connectStream(
                        request, protocol, IoCallback.of(done::complete, done::completeExceptionally)));
        return done;
    }

    /** Connects and waits for the transport. */
    AbstractStreamTransport open(StreamConnectRequest request, RecordingProtocol protocol) {
        StreamTransport transport = Loops.await(connect(request, protocol));
        assertThat(Loops.await(protocol.made)).isSameAs(transport);
        return (AbstractStreamTransport) transport;
    }

    static StreamConnectRequest plain(InetSocketAddress address) {
        return StreamConnectRequest.builder(address).build();
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Waits for {@code future} to fail and returns why. */
    static Throwable failureOf(CompletableFuture<?> future) {
        Object outcome = Loops.await(future.handle((value, error) -> error != null ? error : value));
        if (outcome instanceof java.util.concurrent.CompletionException && ((Throwable) outcome).getCause() != null) {
            return ((Throwable) outcome).getCause();
        }
        if (outcome instanceof Throwable) {
            return (Throwable) outcome;
        }
        throw new AssertionError("expected a failure, got " + outcome);
    }

    /**
     * A listening socket whose accept queue is full, so that a further connect gets no answer (the kernel
     * drops its SYN). Skips the test when the platform answers anyway.
     */
    ServerSocket fullBacklogServer() throws IOException {
        ServerSocket server = closeLater(new ServerSocket());
        server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
        for (int i = 0; i < 32; i++) {
            Socket filler = closeLater(new Socket());
            try {
                filler.connect(server.getLocalSocketAddress(), 250);
            } catch (SocketTimeoutException e) {
                return server;
            }
        }
        Assumptions.abort("this platform accepts connects beyond a full listen backlog");
        return server;
    }
}
