package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.io.IoCallback;
import dev.pika.io.IoReference;
import dev.pika.io.StreamConnectRequest;
import dev.pika.io.StreamTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamConnectorTest extends TransportTestBase {

    @Test
    void aRefusedConnectFailsWithConnectExceptionNamingTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(plain(address), protocol));

        assertThat(error).isInstanceOf(ConnectException.class).hasMessageContaining(address.toString());
        assertThat(protocol.events())
                .as("the protocol is never called on failure")
                .isEmpty();
        assertThat(Loops.onLoop(loop, loop::resourceCount)).isZero();
        assertThat(Loops.onLoop(loop, loop::pendingTimerCount))
                .as("the timeout timer is cancelled")
                .isZero();
    }

    @Test
    void aConnectThatGetsNoAnswerTimesOut() throws Exception {
        ServerSocket server = fullBacklogServer();
        StreamConnectRequest request = StreamConnectRequest.builder((InetSocketAddress) server.getLocalSocketAddress())
                .connectTimeout(Duration.ofMillis(300))
                .build();
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error = failureOf(connect(request, protocol));

        assertThat(error)
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("connecting to " + server.getLocalSocketAddress())
                .hasMessageContaining("StreamConnectRequest.connectTimeout = PT0.3S");
        assertThat(protocol.events()).isEmpty();
        assertThat(Loops.onLoop(
                        loop,
                        () -> loop.selector().keys().stream()
                                .filter(java.nio.channels.SelectionKey::isValid)
                                .count()))
                .as("the abandoned socket is deregistered")
                .isZero();
    }

    @Test
    void cancellingAPendingConnectClosesItsSocketAndSilencesItsCallback() throws Exception {
        ServerSocket server = fullBacklogServer();
        StreamConnectRequest request = StreamConnectRequest.builder((InetSocketAddress) server.getLocalSocketAddress())
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        AtomicInteger callbacks = new AtomicInteger();
        IoCallback<StreamTransport> counting =
                IoCallback.of(t -> callbacks.incrementAndGet(), e -> callbacks.incrementAndGet());

        List<Boolean> cancels = Loops.onLoop(loop, () -> {
            IoReference pending = loop.connectStream(request, new RecordingProtocol(), counting);
            return List.of(pending.cancel(), pending.cancel());
        });

        assertThat(cancels).containsExactly(true, false);
        assertThat(Loops.onLoop(loop, loop::resourceCount)).isZero();
        assertThat(Loops.onLoop(loop, loop::pendingTimerCount))
                .as("no timeout can fire")
                .isZero();
        assertThat(Loops.onLoop(
                        loop,
                        () -> loop.selector().keys().stream()
                                .filter(java.nio.channels.SelectionKey::isValid)
                                .count()))
                .as("no socket can report")
                .isZero();
        assertThat(callbacks).hasValue(0);
    }

    @Test
    void connectingToAnUnresolvedAddressFailsWithUnknownHostException() {
        RecordingProtocol protocol = new RecordingProtocol();

        Throwable error =
                failureOf(connect(plain(InetSocketAddress.createUnresolved("example.invalid", 5672)), protocol));

        assertThat(error).isInstanceOf(UnknownHostException.class).hasMessageContaining("IoServices.resolve");
    }

    @Test
    void aProtocolThatThrowsInConnectionMadeFailsTheConnectAndTheSocketIsClosed() throws Exception {
        CompletableFuture<Integer> serverRead = new CompletableFuture<>();
        EchoServer server = closeLater(new EchoServer(socket -> {
            try {
                serverRead.complete(socket.getInputStream().read());
            } catch (IOException e) {
                serverRead.complete(-2);
            }
        }));
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            public void connectionMade(StreamTransport transport) {
                throw new IllegalStateException("refusing the stream on purpose");
            }
        };

        Throwable error = failureOf(connect(plain(server.address()), protocol));

        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("refusing the stream on purpose");
        assertThat(Loops.await(serverRead))
                .as("the server saw the socket close")
                .isEqualTo(-1);
        assertThat(protocol.lostCalls).hasValue(0);
    }

    @Test
    void theConnectCallbackComesAfterConnectionMadeAndNeverFromInsideConnectStream() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        RecordingProtocol protocol = new RecordingProtocol();
        CompletableFuture<List<String>> order = new CompletableFuture<>();
        boolean[] insideConnectStream = {false};
        boolean calledInside = Loops.onLoop(loop, () -> {
            insideConnectStream[0] = true;
            boolean[] called = {false};
            loop.connectStream(
                    plain(server.address()),
                    protocol,
                    IoCallback.of(
                            transport -> {
                                called[0] = insideConnectStream[0];
                                order.complete(protocol.events());
                            },
                            order::completeExceptionally));
            insideConnectStream[0] = false;
            return called[0];
        });

        assertThat(Loops.await(order)).containsExactly("made");
        assertThat(calledInside).isFalse();
    }

    @Test
    void appliesTheRequestedSocketOptions() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        StreamConnectRequest request = StreamConnectRequest.builder(server.address())
                .keepAlive(true)
                .tcpNoDelay(true)
                .receiveBufferSize(128 * 1024)
                .build();
        AbstractStreamTransport transport = open(request, new RecordingProtocol());

        assertThat(transport.channel.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE))
                .isTrue();
        assertThat(transport.channel.getOption(java.net.StandardSocketOptions.TCP_NODELAY))
                .isTrue();
        assertThat(transport.remoteAddress()).isEqualTo(server.address());
        assertThat(transport.localAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(transport.sslSession()).isNull();
    }

    @Test
    void appliesFurtherSocketOptionsAfterTheNamedOnes() throws Exception {
        EchoServer server = closeLater(new EchoServer());
        StreamConnectRequest request = StreamConnectRequest.builder(server.address())
                .keepAlive(true)
                .socketOption(java.net.StandardSocketOptions.SO_LINGER, 3)
                .socketOption(java.net.StandardSocketOptions.SO_KEEPALIVE, false)
                .build();
        AbstractStreamTransport transport = open(request, new RecordingProtocol());

        assertThat(transport.channel.getOption(java.net.StandardSocketOptions.SO_LINGER))
                .isEqualTo(3);
        assertThat(transport.channel.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE))
                .as("the further option is set last")
                .isFalse();
    }

    @Test
    void resolvesLocalhostOffTheLoopThreadAndReportsOnIt() {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        CompletableFuture<String> reportedOn = new CompletableFuture<>();
        Loops.onLoop(
                loop,
                () -> loop.resolve(
                        "localhost",
                        5672,
                        IoCallback.of(
                                addresses -> {
                                    reportedOn.complete(Thread.currentThread().getName());
                                    result.complete(addresses);
                                },
                                result::completeExceptionally)));

        List<InetSocketAddress> addresses = Loops.await(result);

        assertThat(addresses).isNotEmpty().allSatisfy(address -> {
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            assertThat(address.getPort()).isEqualTo(5672);
        });
        assertThat(Loops.await(reportedOn)).isEqualTo(threadName);
    }

    @Test
    void resolvingAnUnknownHostFailsWithUnknownHostException() {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        Loops.onLoop(
                loop,
                () -> loop.resolve(
                        "no-such-host.invalid", 5672, IoCallback.of(result::complete, result::completeExceptionally)));

        assertThat(failureOf(result))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void aCancelledResolveNeverReports() {
        AtomicInteger reported = new AtomicInteger();
        List<Boolean> cancels = Loops.onLoop(loop, () -> {
            IoReference pending = loop.resolve(
                    "localhost", 1, IoCallback.of(a -> reported.incrementAndGet(), e -> reported.incrementAndGet()));
            return List.of(pending.cancel(), pending.cancel());
        });
        // A later resolve goes through the same pool and loop; once it reported, the cancelled one's result
        // (if its lookup ran at all) has been posted and dropped, or never will be.
        CompletableFuture<List<InetSocketAddress>> later = new CompletableFuture<>();
        Loops.onLoop(
                loop, () -> loop.resolve("localhost", 2, IoCallback.of(later::complete, later::completeExceptionally)));
        Loops.await(later);

        assertThat(cancels).containsExactly(true, false);
        assertThat(Loops.onLoop(loop, loop::resourceCount)).isZero();
        assertThat(reported).hasValue(0);
    }

    @Test
    void closingTheLoopFailsPendingConnectsAndResolutions() throws Exception {
        ServerSocket server = fullBacklogServer();
        RecordingProtocol protocol = new RecordingProtocol();
        CompletableFuture<StreamTransport> pending = connect(
                StreamConnectRequest.builder((InetSocketAddress) server.getLocalSocketAddress())
                        .connectTimeout(Duration.ofSeconds(30))
                        .build(),
                protocol);

        loop.close();

        assertThat(failureOf(pending)).isInstanceOf(IOException.class).hasMessageContaining("IoLoop was closed");
        assertThat(protocol.events()).isEmpty();
        assertThat(Loops.threadAlive(threadName)).isFalse();
    }
}
