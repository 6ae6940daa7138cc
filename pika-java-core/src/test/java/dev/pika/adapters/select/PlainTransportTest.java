package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.io.StreamConnectRequest;
import dev.pika.io.WriteBufferFullException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainTransportTest extends TransportTestBase {

    private static final byte SENTINEL = 0x7E;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 64 * 1024, 16 * 1024 * 1024})
    void echoesPayloadsByteExact(int size) throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);
        byte[] payload = randomBytes(size, size);

        Loops.onLoop(loop, () -> {
            int half = size / 2;
            transport.write(payload, 0, half);
            ByteBuffer direct = ByteBuffer.allocateDirect(size - half);
            direct.put(payload, half, size - half).flip();
            transport.write(direct);
            assertThat(direct.hasRemaining()).isFalse();
            transport.write(new byte[] {SENTINEL}, 0, 1);
            assertThat(transport.writeBufferSize()).isEqualTo(size + 1L);
        });

        byte[] expected = Arrays.copyOf(payload, size + 1);
        expected[size] = SENTINEL;
        assertThat(protocol.awaitReceived(size + 1)).isEqualTo(expected);
        assertThat(protocol.allViewsReadOnly())
                .as("dataReceived gets read-only views")
                .isTrue();
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
        assertThat(transport.isOpen()).isTrue();
    }

    @Test
    void theWritesOfOneTurnGoOutInOneGatheringSocketWrite() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);
        byte[] frame = randomBytes(100, 1);
        long before = Loops.onLoop(loop, () -> transport.socketWrites);

        Loops.onLoop(loop, () -> {
            for (int i = 0; i < 1_000; i++) {
                transport.write(frame, 0, frame.length);
            }
        });

        assertThat(Loops.onLoop(loop, () -> transport.socketWrites) - before).isEqualTo(1);
        byte[] received = protocol.awaitReceived(100_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(Arrays.copyOfRange(received, i * 100, i * 100 + 100)).isEqualTo(frame);
        }
    }

    @Test
    void endOfStreamReportsEofThenLossExactlyOnce() throws Exception {
        EchoServer server = closeLater(new EchoServer(socket -> {})); // closes at once
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);

        assertThat(Loops.await(protocol.lost)).isEmpty();
        Loops.onLoop(loop, () -> {}); // one more turn: nothing else may come

        assertThat(protocol.events()).containsExactly("made", "eof", "lost");
        assertThat(transport.isOpen()).isFalse();
        assertThat(transport.channel.isOpen()).isFalse();
        assertThat(Loops.onLoop(loop, loop::resourceCount)).isZero();
    }

    @Test
    void abortClosesAtOnceAndReportsTheLossLaterAndOnce() throws Exception {
        CompletableFuture<Integer> serverRead = new CompletableFuture<>();
        EchoServer server = closeLater(new EchoServer(socket -> {
            try {
                serverRead.complete(socket.getInputStream().read());
            } catch (IOException e) {
                serverRead.complete(-2);
            }
        }));
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);

        int[] idleChunks = new int[2];
        boolean openAfterAbort = Loops.onLoop(loop, () -> {
            transport.write(new byte[] {1, 2, 3}, 0, 3);
            idleChunks[0] = loop.chunkPool().idleChunks();
            protocol.insideAbort = true;
            transport.abort();
            transport.abort();
            protocol.insideAbort = false;
            idleChunks[1] = loop.chunkPool().idleChunks();
            transport.write(new byte[] {4}, 0, 1); // ignored
            return transport.isOpen();
        });

        assertThat(openAfterAbort).isFalse();
        assertThat(idleChunks[1])
                .as("the aborted transport's chunk went back to the pool")
                .isEqualTo(idleChunks[0] + 1);
        assertThat(Loops.await(protocol.lost)).isEmpty();
        assertThat(Loops.await(serverRead))
                .as("the buffered bytes were dropped")
                .isEqualTo(-1);
        Loops.onLoop(loop, () -> {});
        assertThat(protocol.lostCalls).hasValue(1);
        assertThat(protocol.lostCallsInsideAbort).hasValue(0);
        assertThat(transport.writeBufferSize()).isZero();
    }

    @Test
    void retainedDirectBuffersGoOutInPlaceInOrderWithCopiedWritesAndSmallOrHeapOnesAreCopied() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);
        byte[] large = randomBytes(200_000, 2);
        byte[] small = randomBytes(100, 3);
        byte[] heap = randomBytes(OutboundBuffer.MIN_RETAINED_BYTES, 4);
        ByteBuffer direct = ByteBuffer.allocateDirect(large.length).put(large).flip();
        ByteBuffer smallDirect =
                ByteBuffer.allocateDirect(small.length).put(small).flip();
        ByteBuffer heapBuffer = ByteBuffer.wrap(heap.clone());

        Loops.onLoop(loop, () -> {
            transport.write(new byte[] {1}, 0, 1);
            transport.writeRetained(direct);
            transport.write(new byte[] {2}, 0, 1);
            transport.writeRetained(smallDirect);
            transport.writeRetained(heapBuffer);
            assertThat(transport.writeBufferSize()).isEqualTo(2L + large.length + small.length + heap.length);
            assertThat(direct.hasRemaining() || smallDirect.hasRemaining() || heapBuffer.hasRemaining())
                    .isFalse();
            smallDirect.put(0, (byte) ~small[0]); // copied: this change is not sent
            heapBuffer.put(0, (byte) ~heap[0]); // copied too
        });

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(1);
        expected.writeBytes(large);
        expected.write(2);
        expected.writeBytes(small);
        expected.writeBytes(heap);
        assertThat(protocol.awaitReceived(expected.size())).isEqualTo(expected.toByteArray());
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
    }

    @Test
    void closeSendsWhatIsBufferedThenCloses() throws Exception {
        CompletableFuture<byte[]> serverGot = new CompletableFuture<>();
        EchoServer server = closeLater(new EchoServer(
                socket -> serverGot.complete(socket.getInputStream().readAllBytes())));
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);

        Loops.onLoop(loop, () -> {
            transport.write("close-ok".getBytes(), 0, 8);
            transport.close();
        });

        assertThat(new String(Loops.await(serverGot))).isEqualTo("close-ok");
        assertThat(Loops.await(protocol.lost)).isEmpty();
        assertThat(protocol.events()).containsExactly("made", "lost");
    }

    @Test
    void aProtocolThatThrowsInDataReceivedLosesItsConnectionWithThatError() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        protocol.onData = data -> {
            throw new IllegalStateException("malformed on purpose");
        };
        AbstractStreamTransport transport = open(plain(server.address()), protocol);

        Loops.onLoop(loop, () -> transport.write(new byte[] {1}, 0, 1));

        assertThat(Loops.await(protocol.lost))
                .get()
                .isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage)
                .isEqualTo("malformed on purpose");
        assertThat(transport.channel.isOpen()).isFalse();
    }

    @Test
    void backpressureFlipsWritableRefusesWritesAboveTheHardLimitAndReportsTheDrain() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        closeLater(startReading::countDown); // never leave the server thread waiting
        AtomicLong serverReceived = new AtomicLong();
        EchoServer server = closeLater(new EchoServer(
                socket -> {
                    try {
                        startReading.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[64 * 1024];
                    int count;
                    while ((count = in.read(buffer)) >= 0) {
                        serverReceived.addAndGet(count);
                    }
                },
                address -> {
                    try {
                        ServerSocket socket = new ServerSocket();
                        socket.setReceiveBufferSize(32 * 1024);
                        socket.bind(address);
                        return socket;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        long high = 1024 * 1024;
        long hard = 12 * 1024 * 1024;
        StreamConnectRequest request = StreamConnectRequest.builder(server.address())
                .sendBufferSize(32 * 1024)
                .writeBufferHighWatermark(high)
                .writeBufferHardLimit(hard)
                .build();
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(request, protocol);
        byte[] eightMiB = randomBytes(8 * 1024 * 1024, 8);

        boolean writableAfterWrite = Loops.onLoop(loop, () -> {
            transport.write(eightMiB, 0, eightMiB.length);
            return transport.isWritable();
        });
        assertThat(writableAfterWrite).isFalse();
        // The peer does not read: after the flush, far more than the high watermark is still buffered.
        long pending = Loops.onLoop(loop, transport::writeBufferSize);
        assertThat(pending).isGreaterThan(high);
        assertThat(Loops.onLoop(loop, transport::isWritable)).isFalse();

        Throwable refused = Loops.onLoop(loop, () -> {
            try {
                transport.write(eightMiB, 0, eightMiB.length);
                return null;
            } catch (WriteBufferFullException e) {
                return e;
            }
        });
        assertThat(refused)
                .isInstanceOf(WriteBufferFullException.class)
                .hasMessageContaining("hard limit of " + hard + " bytes")
                .hasMessageContaining("StreamConnectRequest.writeBufferHardLimit");
        assertThat(((WriteBufferFullException) refused).hardLimit()).isEqualTo(hard);
        assertThat(Loops.onLoop(loop, transport::writeBufferSize))
                .as("nothing of the refused write was buffered")
                .isLessThanOrEqualTo(pending);
        assertThat(protocol.drainedCalls).hasValue(0);

        startReading.countDown();

        Loops.awaitCondition("writeBufferDrained", () -> protocol.drainedCalls.get() == 1);
        assertThat(Loops.onLoop(loop, transport::isWritable)).isTrue();
        Loops.awaitCondition("the peer got every byte", () -> serverReceived.get() == eightMiB.length);
        assertThat(Loops.onLoop(loop, transport::writeBufferSize)).isZero();
        assertThat(protocol.drainedCalls).hasValue(1);
        assertThat(transport.isOpen()).isTrue();
    }

    @Test
    void anEmptyWriteIsANoOp() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        AbstractStreamTransport transport = open(plain(server.address()), protocol);

        long size = Loops.onLoop(loop, () -> {
            transport.write(new byte[0], 0, 0);
            transport.write(ByteBuffer.allocate(0));
            return transport.writeBufferSize();
        });

        assertThat(size).isZero();
        assertThatThrownBy(() -> Loops.onLoop(loop, () -> transport.write(new byte[2], 1, 2)))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void closingTheLoopClosesOpenTransportsAndReportsTheLoss() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol first = new RecordingProtocol();
        RecordingProtocol second = new RecordingProtocol();
        AbstractStreamTransport one = open(plain(server.address()), first);
        AbstractStreamTransport two = open(plain(server.address()), second);
        Loops.onLoop(loop, two::abort); // loss pending or delivered: either way reported once, with null
        List<java.nio.channels.Channel> channels = Loops.onLoop(
                loop,
                () -> loop.selector().keys().stream()
                        .map(key -> (java.nio.channels.Channel) key.channel())
                        .toList());

        loop.close();

        assertThat(Loops.await(first.lost))
                .get()
                .isInstanceOf(IOException.class)
                .extracting(Throwable::getMessage)
                .asString()
                .contains("IoLoop was closed");
        assertThat(Loops.await(second.lost)).isEqualTo(Optional.empty());
        assertThat(first.lostCalls).hasValue(1);
        assertThat(second.lostCalls).hasValue(1);
        assertThat(one.channel.isOpen()).isFalse();
        assertThat(channels).allSatisfy(channel -> assertThat(channel.isOpen()).isFalse());
        assertThat(loop.selector().isOpen()).isFalse();
        assertThat(Loops.threadAlive(threadName)).isFalse();
    }

    @Test
    void nothingNewCanStartOnALoopThatIsClosing() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        CompletableFuture<Throwable> reconnect = new CompletableFuture<>();
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            public void connectionLost(Throwable errorOrNull) {
                super.connectionLost(errorOrNull);
                try {
                    loop.connectStream(
                            plain(server.address()),
                            new RecordingProtocol(),
                            dev.pika.io.IoCallback.of(t -> reconnect.complete(null), reconnect::complete));
                    reconnect.complete(null);
                } catch (RuntimeException e) {
                    reconnect.complete(e);
                }
            }
        };
        open(plain(server.address()), protocol);

        loop.close();

        assertThat(Loops.await(reconnect))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IoLoop is closed");
    }

    @Test
    void readsManyMegabytesThroughTheSharedReadBuffer() throws Exception {
        int size = 4 * 1024 * 1024;
        byte[] payload = randomBytes(size, 4);
        EchoServer server = closeLater(new EchoServer(socket -> {
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            socket.getInputStream().read();
        }));
        RecordingProtocol protocol = new RecordingProtocol();
        open(plain(server.address()), protocol);

        assertThat(protocol.awaitReceived(size)).isEqualTo(payload);
        assertThat(Loops.await(protocol.lost)).isEmpty();
        assertThat(protocol.events()).containsExactly("made", "eof", "lost");
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
