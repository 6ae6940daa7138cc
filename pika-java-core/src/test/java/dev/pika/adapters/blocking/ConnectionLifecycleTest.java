package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Connection;
import dev.pika.testing.peer.AmqpFrames;
import dev.pika.testing.peer.InboundFrame;
import dev.pika.testing.peer.PeerSession;
import dev.pika.testing.peer.ScriptedPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opening (failover, stack timeout), failing (the reason once, then wrong state) and closing (the I/O thread ends)
 * on a scripted peer.
 */
class ConnectionLifecycleTest {

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("pika-blocking-io-") && thread.isAlive())
                .count();
    }

    /** The messages of an exception, its causes and suppressed exceptions (whichever layer names the timeout). */
    private static String causeChain(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(causeChain(suppressed));
            }
        }
        return text.toString();
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ConnectionParameters onPort(int port) {
        return ConnectionParameters.builder()
                .host(InetAddress.getLoopbackAddress().getHostAddress())
                .port(port)
                .build();
    }

    @Test
    void closeEndsTheIoThread() {
        try (MiniBroker broker = MiniBroker.start()) {
            BlockingConnection connection = new BlockingConnection(broker.parameters());
            Thread io = connection.bridge().thread();
            assertThat(io.isAlive()).isTrue();
            assertThat(connection.publisherConfirmsSupported()).isTrue();
            assertThat(connection.basicNackSupported()).isTrue();
            assertThat(connection.consumerCancelNotifySupported()).isTrue();
            assertThat(connection.exchangeExchangeBindingsSupported()).isTrue();
            assertThat(connection.serverProperties())
                    .containsEntry("product", "RabbitMQ")
                    .containsEntry("version", "3.10.8");
            connection.close();
            assertThat(io.isAlive()).isFalse();
            assertThat(connection.isClosed()).isTrue();
            assertThat(broker.framesOf(Connection.Close.class))
                    .extracting(Connection.Close::replyCode)
                    .containsExactly(200);
            connection.close(); // AutoCloseable: idempotent
            assertThatThrownBy(() -> connection.close(200, "again")).isInstanceOf(ConnectionWrongStateException.class);
        }
    }

    @Test
    void aLostStreamIsThrownOnceByTheWaitingCallThenWrongState() {
        try (MiniBroker broker = MiniBroker.start()) {
            BlockingConnection connection = new BlockingConnection(broker.parameters());
            BlockingChannel channel = connection.channel();
            channel.basicConsume("queue", (ch, method, properties, body) -> {});
            connection.callLater(Duration.ofMillis(50), () -> broker.session().drop());
            assertThatThrownBy(channel::startConsuming).isInstanceOf(StreamLostException.class);
            assertThatThrownBy(channel::startConsuming).isInstanceOf(ConnectionWrongStateException.class);
            assertThatThrownBy(connection::channel).isInstanceOf(ConnectionWrongStateException.class);
            assertThatThrownBy(() -> channel.basicPublish("", "q", new byte[0]))
                    .isInstanceOf(dev.pika.exceptions.AmqpException.class);
            assertThat(connection.isClosed()).isTrue();
            assertThat(channel.isClosed()).isTrue();
            Await.until(
                    "the I/O thread ends", () -> !connection.bridge().thread().isAlive());
            connection.close();
        }
    }

    @Test
    void aBrokerCloseWhileIdleIsThrownByTheNextCall() {
        try (MiniBroker broker = MiniBroker.start()) {
            BlockingConnection connection = new BlockingConnection(broker.parameters());
            broker.session()
                    .send(0, new Connection.Close(320, "CONNECTION_FORCED - broker forced connection closure", 0, 0));
            Await.until("the connection closes", connection::isClosed);
            assertThatThrownBy(() -> connection.processDataEvents(Duration.ZERO))
                    .isInstanceOfSatisfying(
                            ConnectionClosedByBrokerException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(320));
            assertThatThrownBy(() -> connection.processDataEvents(Duration.ZERO))
                    .isInstanceOf(ConnectionWrongStateException.class)
                    .hasCauseInstanceOf(ConnectionClosedByBrokerException.class);
            assertThat(broker.await(Connection.CloseOk.class, Await.DEFAULT)).isNotNull();
            connection.close();
        }
    }

    @Test
    void aProtocolErrorOfTheBrokerIsThrownOnceWithItsReplyCodeNotHiddenAsAnApplicationClose() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            session.handshake(2047, 4096, 0);
            session.send(AmqpFrames.frame(AmqpFrames.FRAME_HEARTBEAT, 0, new byte[0], 0x00)); // no frame end
            InboundFrame close = session.expectMethod(AmqpFrames.CONNECTION_CLOSE, PeerSession.DEFAULT_TIMEOUT);
            assertThat(close.closeReplyCode()).isEqualTo(501);
            session.send(AmqpFrames.connectionCloseOk()); // then the peer closes, as RabbitMQ does
        })) {
            BlockingConnection connection = new BlockingConnection(onPort(peer.port()));
            Await.until("the connection closes", connection::isClosed);
            assertThatThrownBy(() -> connection.processDataEvents(Duration.ZERO))
                    .isInstanceOfSatisfying(ConnectionClosedByClientException.class, e -> {
                        assertThat(e.replyCode()).isEqualTo(501);
                        assertThat(e.getCause()).isInstanceOf(InvalidFrameException.class);
                    });
            assertThatThrownBy(() -> connection.processDataEvents(Duration.ZERO))
                    .isInstanceOf(ConnectionWrongStateException.class)
                    .hasCauseInstanceOf(ConnectionClosedByClientException.class);
            connection.close();
            peer.awaitScripts(1, Await.DEFAULT);
        }
    }

    @Test
    void failoverOpensTheFirstParameterSetThatWorks() throws Exception {
        try (MiniBroker broker = MiniBroker.start()) {
            ConnectionParameters refused = onPort(closedPort());
            try (BlockingConnection connection = new BlockingConnection(List.of(refused, broker.parameters()))) {
                assertThat(connection.isOpen()).isTrue();
                assertThat(connection.parameters().port())
                        .isEqualTo(broker.parameters().port());
            }
        }
    }

    @Test
    void whenEveryAttemptFailsTheLastErrorIsThrownWithTheOthersSuppressedAndNoThreadIsLeft() throws Exception {
        long before = ioThreads();
        ConnectionParameters first = onPort(closedPort());
        ConnectionParameters second = onPort(closedPort()).toBuilder()
                .connectionAttempts(2)
                .retryDelay(Duration.ofMillis(10))
                .build();
        assertThatThrownBy(() -> new BlockingConnection(List.of(first, second)))
                .isInstanceOfSatisfying(
                        dev.pika.exceptions.AmqpConnectionWorkflowFailedException.class,
                        e -> assertThat(e.attempts()).hasSize(4));
        Await.until("no I/O thread is left", () -> ioThreads() <= before);
        assertThatThrownBy(() -> new BlockingConnection(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new BlockingConnection(java.util.Arrays.asList(first, null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("must not contain null");
    }

    @Test
    void aSilentPeerIsGivenUpAfterStackTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                try (Socket accepted = silent.accept()) {
                    accepted.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ConnectionParameters params = onPort(silent.getLocalPort()).toBuilder()
                    .stackTimeout(Duration.ofMillis(300))
                    .build();
            assertThatThrownBy(() -> new BlockingConnection(params))
                    .isInstanceOf(AmqpConnectionException.class)
                    .satisfies(e -> assertThat(causeChain(e)).contains("stackTimeout"));
        }
    }
}
