package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.net.SocketOption;
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
        assertThat(request.socketOptions())
                .as("nothing beyond the named options")
                .isEmpty();
    }

    @Test
    void keepAliveTimingsGoToTheFurtherSocketOptions() {
        assumeTrue(TcpOptions.keepAliveTuningSupported(), "this JDK cannot tune TCP keep-alive here");
        TcpOptions tcp = TcpOptions.builder()
                .keepIdle(Duration.ofSeconds(30))
                .keepInterval(Duration.ofSeconds(5))
                .keepCount(4)
                .build();
        ConnectionParameters params =
                ConnectionParameters.builder().tcpOptions(tcp).build();

        StreamConnectRequest request = SelectConnection.connectRequest(params, ADDRESS);

        assertThat(request.keepAlive()).isTrue();
        assertThat(request.socketOptions().values()).containsExactly(30, 5, 4);
        assertThat(request.socketOptions().keySet())
                .extracting(SocketOption::name)
                .containsExactly("TCP_KEEPIDLE", "TCP_KEEPINTERVAL", "TCP_KEEPCOUNT");
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
        assertThat(request.serverNameIndication()).isTrue();
    }

    @Test
    void everyTlsSettingOfTheSslOptionsReachesTheRequest() throws Exception {
        ConnectionParameters params = ConnectionParameters.builder()
                .host("10.0.0.7")
                .sslOptions(SslOptions.builder()
                        .context(SSLContext.getDefault())
                        .serverHostname("rabbit.internal")
                        .verifyHostname(false)
                        .serverNameIndication(false)
                        .protocols("TLSv1.3")
                        .cipherSuites("TLS_AES_128_GCM_SHA256")
                        .build())
                .build();

        StreamConnectRequest request = SelectConnection.connectRequest(params, ADDRESS);

        assertThat(request.serverName()).isEqualTo("rabbit.internal");
        assertThat(request.verifyHostname()).isFalse();
        assertThat(request.serverNameIndication()).isFalse();
        assertThat(request.tlsProtocols()).containsExactly("TLSv1.3");
        assertThat(request.tlsCipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
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
