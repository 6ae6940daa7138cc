package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.SslOptions;
import dev.pika.TcpOptions;
import dev.pika.connection.ConnectionState;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.io.StreamConnectRequest;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** SelectConnection without a broker: the connect request it builds, and opening failures on the loop. */
class SelectConnectionTest {

    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 5672);

    @Test
    void theConnectRequestCarriesTheParametersSocketSettingsAndLimits() {
        ConnectionParameters params = ConnectionParameters.builder()
                .socketTimeout(Duration.ofSeconds(3))
                .tcpOptions(TcpOptions.builder()
                        .tcpNoDelay(false)
                        .keepAlive(true)
                        .sendBufferSize(65536)
                        .receiveBufferSize(131072)
                        .build())
                .writeBufferHighWatermark(1 << 20)
                .writeBufferLimit(8 << 20)
                .build();

        StreamConnectRequest request = SelectConnection.connectRequest(params, ADDRESS);

        assertThat(request.remoteAddress()).isEqualTo(ADDRESS);
        assertThat(request.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(request.tcpNoDelay()).isFalse();
        assertThat(request.keepAlive()).isTrue();
        assertThat(request.sendBufferSize()).isEqualTo(65536);
        assertThat(request.receiveBufferSize()).isEqualTo(131072);
        assertThat(request.writeBufferHighWatermark()).isEqualTo(1 << 20);
        assertThat(request.writeBufferHardLimit()).isEqualTo(8 << 20);
        assertThat(request.sslContext()).isNull();
    }

    @Test
    void tlsSettingsComeFromTheSslOptions() throws Exception {
        SSLContext context = SSLContext.getDefault();
        ConnectionParameters params = ConnectionParameters.builder()
                .host("rabbit.example.com")
                .sslOptions(SslOptions.builder().context(context).build())
                .build();

        StreamConnectRequest request = SelectConnection.connectRequest(params, ADDRESS);

        assertThat(request.sslContext()).isSameAs(context);
        assertThat(request.serverName()).isEqualTo("rabbit.example.com");
        assertThat(request.verifyHostname()).isTrue();
    }

    @Test
    void closeBeforeTheStreamIsUpAbortsTheOpening() {
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        try (IoLoop loop = new IoLoop()) {
            SelectConnection connection = new SelectConnection(
                    ConnectionParameters.builder().host("127.0.0.1").build(),
                    opened -> failed.completeExceptionally(new AssertionError("opened")),
                    (c, error) -> failed.complete(error),
                    null,
                    loop);
            assertThat(connection.ioloop()).isSameAs(loop);
            connection.close();
            for (int turn = 0; turn < 100 && !failed.isDone(); turn++) {
                loop.runOnce(Duration.ofMillis(50));
            }

            assertThat(failed.join()).isInstanceOf(ConnectionOpenAbortedException.class);
            assertThat(connection.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void aRefusedConnectionReachesTheOpenErrorCallback() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CompletableFuture<AmqpConnectionException> failed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                ConnectionParameters.builder()
                        .host("127.0.0.1")
                        .port(closedPort)
                        .build(),
                opened -> failed.completeExceptionally(new AssertionError("opened")),
                (c, error) -> failed.complete(error),
                null);
        try (IoLoop loop = connection.ioloop()) {
            for (int turn = 0; turn < 200 && !failed.isDone(); turn++) {
                loop.runOnce(Duration.ofMillis(50));
            }
        }

        assertThat(failed.join())
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(connection.isClosed()).isTrue();
    }
}
