package dev.pika.testing.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scripted peer against a plain socket client that speaks the broker's opposite side by hand. */
@Timeout(60)
class ScriptedPeerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A hand-written client, reading with the same frame reader the peer uses. */
    private static PeerSession connect(ScriptedPeer peer) throws IOException {
        return new PeerSession(new Socket(peer.host(), peer.port()), -1);
    }

    private static byte[] startOk() {
        return AmqpFrames.method(
                0,
                10,
                11,
                new PayloadWriter()
                        .table(Map.of("product", "test"))
                        .shortString("PLAIN")
                        .longString("\0guest\0guest")
                        .shortString("en_US")
                        .toByteArray());
    }

    @Test
    void theHandshakeHelperPlaysTheBrokersSideAndTheScriptCompletes() throws Exception {
        CompletableFuture<Integer> channelSeen = new CompletableFuture<>();
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            session.handshake(2047, 4096, 0);
            channelSeen.complete(session.acceptChannel());
            session.expectMethod(AmqpFrames.CONNECTION_CLOSE, BOUND);
            session.send(AmqpFrames.connectionCloseOk());
            session.awaitEndOfStream(BOUND);
        })) {
            try (PeerSession client = connect(peer)) {
                client.send(AmqpFrames.protocolHeader());
                InboundFrame start = client.expectMethod(AmqpFrames.CONNECTION_START, BOUND);
                assertThat(start.payload()[4]).isZero(); // version-major 0
                assertThat(start.payload()[5]).isEqualTo((byte) 9); // version-minor 9
                client.send(startOk());
                InboundFrame tune = client.expectMethod(AmqpFrames.CONNECTION_TUNE, BOUND);
                ByteBuffer arguments = ByteBuffer.wrap(tune.payload(), 4, 8);
                assertThat(arguments.getShort() & 0xFFFF).isEqualTo(2047);
                assertThat(arguments.getInt()).isEqualTo(4096);
                assertThat(arguments.getShort() & 0xFFFF).isZero();
                client.send(AmqpFrames.method(
                        0,
                        10,
                        31,
                        new PayloadWriter()
                                .shortInt(2047)
                                .longInt(4096)
                                .shortInt(0)
                                .toByteArray()));
                client.send(AmqpFrames.method(
                        0,
                        10,
                        40,
                        new PayloadWriter()
                                .shortString("/")
                                .shortString("")
                                .bit(false)
                                .toByteArray()));
                client.expectMethod(AmqpFrames.CONNECTION_OPEN_OK, BOUND);
                client.send(AmqpFrames.method(
                        3, 20, 10, new PayloadWriter().shortString("").toByteArray()));
                InboundFrame openOk = client.expectMethod(AmqpFrames.CHANNEL_OPEN_OK, BOUND);
                assertThat(openOk.channel()).isEqualTo(3);
                client.send(AmqpFrames.connectionClose(200, "bye", 0, 0));
                client.expectMethod(AmqpFrames.CONNECTION_CLOSE_OK, BOUND);
            }
            peer.awaitScripts(1, BOUND);
            assertThat(channelSeen).isCompletedWithValue(3);
            assertThat(peer.sessions().get(0).received())
                    .extracting(InboundFrame::methodKey)
                    .containsExactly(
                            AmqpFrames.CONNECTION_START_OK,
                            AmqpFrames.CONNECTION_TUNE_OK,
                            AmqpFrames.CONNECTION_OPEN,
                            AmqpFrames.CHANNEL_OPEN,
                            AmqpFrames.CONNECTION_CLOSE);
        }
    }

    @Test
    void aScriptWhoseExpectationFailsIsReportedByAwaitScripts() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.start(session -> session.expectProtocolHeader(BOUND))) {
            try (Socket client = new Socket(peer.host(), peer.port())) {
                client.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> peer.awaitScripts(1, BOUND))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("connection #0 failed")
                        .hasRootCauseInstanceOf(PeerExpectationException.class)
                        .hasMessageContaining("protocol header");
            }
        }
    }

    @Test
    void awaitScriptsFailsWhenTooFewConnectionsArrive() {
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {})) {
            assertThatThrownBy(() -> peer.awaitScripts(1, Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("accepted 0 connection(s)");
        }
    }

    @Test
    void aReadTimesOutWithinItsBoundWhenTheClientStaysSilent() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            long started = System.nanoTime();
            try {
                session.readFrame(Duration.ofMillis(300));
            } catch (PeerExpectationException e) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
                failure.complete(e);
            }
        })) {
            try (Socket client = new Socket(peer.host(), peer.port())) {
                peer.awaitScripts(1, BOUND);
            }
        }
        assertThat(failure).isCompleted();
        assertThat(failure.get()).hasMessageContaining("Timed out waiting for a frame header");
    }

    @Test
    void sendSlowlyStopsWhenTheClientClosesAndAwaitEndOfStreamReturnsTheFramesBeforeTheEnd() throws Exception {
        CompletableFuture<Integer> sent = new CompletableFuture<>();
        CompletableFuture<List<InboundFrame>> beforeEnd = new CompletableFuture<>();
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            beforeEnd.complete(session.awaitEndOfStream(BOUND));
            sent.complete(session.sendSlowly(new byte[100_000], Duration.ofMillis(1)));
        })) {
            try (PeerSession client = connect(peer)) {
                client.send(AmqpFrames.heartbeat());
                client.send(AmqpFrames.connectionCloseOk());
                client.socket().shutdownOutput();
                assertThat(beforeEnd.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .extracting(InboundFrame::type)
                        .containsExactly(AmqpFrames.FRAME_HEARTBEAT, AmqpFrames.FRAME_METHOD);
                assertThat(client.socket().getInputStream().read()).isZero(); // the slow writes started
                client.socket().setSoLinger(true, 0);
            }
            peer.awaitScripts(1, Duration.ofSeconds(30));
        }
        assertThat(sent.get()).isLessThan(100_000);
    }

    @Test
    void closeEndsTheAcceptAndSessionThreads() throws Exception {
        CompletableFuture<Void> running = new CompletableFuture<>();
        ScriptedPeer peer = ScriptedPeer.start(session -> {
            running.complete(null);
            session.readFrame(Duration.ofSeconds(30));
        });
        String prefix = "scripted-peer-" + peer.port();
        try (Socket client = new Socket(peer.host(), peer.port())) {
            running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(peer.accepted()).isEqualTo(1);
            peer.close();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith(prefix));
    }
}
