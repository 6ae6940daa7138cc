package dev.pika.testing.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultProxyTest {

    /** How long "nothing arrives" is watched for; an echo through a working proxy takes well under 1 ms. */
    private static final int QUIET_MILLIS = 300;

    private static final Duration BOUND = Duration.ofSeconds(10);

    private EchoServer echo;
    private FaultProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket client = new Socket(proxy.host(), proxy.port());
        client.setSoTimeout((int) BOUND.toMillis());
        clients.add(client);
        return client;
    }

    private static void send(Socket client, String text) throws IOException {
        client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
    }

    private static String receive(Socket client, int length) throws IOException {
        byte[] bytes = client.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Asserts that nothing arrives for {@link #QUIET_MILLIS}. */
    private static void assertSilent(Socket client) throws IOException {
        int timeout = client.getSoTimeout();
        client.setSoTimeout(QUIET_MILLIS);
        try {
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            client.setSoTimeout(timeout);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            Thread.sleep(5);
        }
    }

    private ProxiedConnection only() throws InterruptedException {
        return proxy.awaitConnections(1, BOUND).get(0);
    }

    @Test
    void passesBytesBothWaysAndCountsThem() throws Exception {
        Socket client = connect();

        send(client, "hello");

        assertThat(receive(client, 5)).isEqualTo("hello");
        ProxiedConnection connection = only();
        await("counters", () -> connection.bytesToClient() == 5);
        assertThat(connection.bytesToServer()).isEqualTo(5);
        assertThat(proxy.bytesToServer()).isEqualTo(5);
        assertThat(proxy.bytesToClient()).isEqualTo(5);
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.hasServerSide()).isTrue();
    }

    @Test
    void latencyDelaysEveryChunkByAtLeastTheGivenTime() throws Exception {
        Socket client = connect();
        only().latency(Direction.TO_SERVER, Duration.ofMillis(200));
        proxy.latency(Direction.TO_CLIENT, Duration.ofMillis(200));

        long started = System.nanoTime();
        send(client, "slow");
        assertThat(receive(client, 4)).isEqualTo("slow");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void stallingTowardsTheServerHoldsBytesUntilResumed() throws Exception {
        Socket client = connect();
        ProxiedConnection connection = only();
        connection.stall(Direction.TO_SERVER);

        send(client, "abc");

        assertSilent(client);
        assertThat(echo.received()).isZero();
        connection.resume(Direction.TO_SERVER);
        assertThat(receive(client, 3)).isEqualTo("abc");
    }

    @Test
    void stallingTowardsTheClientLetsTheServerReceiveButNotAnswer() throws Exception {
        Socket client = connect();
        ProxiedConnection connection = only();
        connection.stall(Direction.TO_CLIENT);

        send(client, "abc");

        await("the server received", () -> echo.received() == 3);
        assertSilent(client);
        connection.resume(Direction.BOTH);
        assertThat(receive(client, 3)).isEqualTo("abc");
    }

    @Test
    void blackHoleDiscardsWhatArrivesUntilResumed() throws Exception {
        Socket client = connect();
        ProxiedConnection connection = only();
        connection.blackHole(Direction.TO_SERVER);

        send(client, "lost");
        assertSilent(client);
        connection.resume(Direction.TO_SERVER);
        send(client, "kept");

        assertThat(receive(client, 4)).isEqualTo("kept");
        assertThat(echo.received()).isEqualTo(4);
    }

    @Test
    void cutWithResetGivesBothPeersAConnectionReset() throws Exception {
        Socket client = connect();
        send(client, "x");
        assertThat(receive(client, 1)).isEqualTo("x");
        ProxiedConnection connection = only();

        connection.cut(CutMode.RESET);

        assertThatThrownBy(() -> {
                    InputStream in = client.getInputStream();
                    in.read();
                })
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("reset");
        await("the server saw the reset", () -> echo.resets() == 1);
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.awaitClosed(BOUND)).isTrue();
    }

    @Test
    void cutWithFinGivesBothPeersEndOfStream() throws Exception {
        Socket client = connect();
        send(client, "x");
        assertThat(receive(client, 1)).isEqualTo("x");
        ProxiedConnection connection = only();

        connection.cut(CutMode.FIN);

        assertThat(client.getInputStream().read()).isEqualTo(-1);
        await("the server saw end-of-stream", () -> echo.endOfStreams() == 1);
        assertThat(connection.isOpen()).isFalse();
        client.close();
        assertThat(connection.awaitClosed(BOUND)).isTrue();
    }

    @Test
    void aBlackHoledAcceptNeverReachesTheServer() throws Exception {
        proxy.acceptMode(AcceptMode.BLACK_HOLE);
        Socket client = connect();

        send(client, "anyone there?");

        assertSilent(client);
        ProxiedConnection connection = only();
        assertThat(connection.hasServerSide()).isFalse();
        assertThat(echo.accepted()).isZero();
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aResetAcceptRefusesTheClientAtOnce() throws Exception {
        proxy.acceptMode(AcceptMode.RESET);
        Socket client = connect();

        assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.connections()).isEmpty();
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void proxyWideFaultsApplyToConnectionsAcceptedLater() throws Exception {
        proxy.stall(Direction.BOTH);
        Socket client = connect();

        send(client, "wait");

        assertSilent(client);
        assertThat(echo.received()).isZero();
        proxy.resume(Direction.BOTH);
        assertThat(receive(client, 4)).isEqualTo("wait");
    }

    @Test
    void cutAllCutsEveryOpenConnection() throws Exception {
        List<Socket> three = List.of(connect(), connect(), connect());
        proxy.awaitConnections(3, BOUND);

        proxy.cutAll(CutMode.RESET);

        for (Socket client : three) {
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
        }
        assertThat(proxy.openConnections()).isEmpty();
        assertThat(proxy.connections()).hasSize(3);
    }

    @Test
    void aHalfCloseIsForwardedAndTheConnectionEndsWhenBothSidesDid() throws Exception {
        Socket client = connect();
        send(client, "bye");
        client.shutdownOutput();

        assertThat(receive(client, 3)).isEqualTo("bye");
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(only().awaitClosed(BOUND)).isTrue();
        assertThat(echo.endOfStreams()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerResetsTheClient() throws Exception {
        int closedPort;
        try (ServerSocket reserved = new ServerSocket(0)) {
            closedPort = reserved.getLocalPort();
        }
        try (FaultProxy nowhere = FaultProxy.start("127.0.0.1", closedPort);
                Socket client = new Socket(nowhere.host(), nowhere.port())) {
            client.setSoTimeout((int) BOUND.toMillis());

            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThat(nowhere.failedUpstreamConnects()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        Socket first = connect();
        Socket second = connect();
        proxy.awaitConnections(2, BOUND);
        String threadPrefix = "fault-proxy-" + proxy.port() + "-";

        proxy.close();

        assertThat(first.getInputStream().read()).isEqualTo(-1);
        assertThat(second.getInputStream().read()).isEqualTo(-1);
        await(
                "the proxy's threads ended",
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith(threadPrefix)));
        assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port())).isInstanceOf(IOException.class);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> FaultProxy.start(" ", 5672))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetHost");
        assertThatThrownBy(() -> FaultProxy.start("localhost", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> proxy.latency(Direction.BOTH, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
