package dev.pika.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class StreamConnectRequestTest {

    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 5672);

    @Test
    void defaultsArePlainTcpWithNoDelayAndPikasSocketTimeout() {
        StreamConnectRequest request = StreamConnectRequest.builder(ADDRESS).build();

        assertThat(request.remoteAddress()).isEqualTo(ADDRESS);
        assertThat(request.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(request.tcpNoDelay()).isTrue();
        assertThat(request.keepAlive()).isFalse();
        assertThat(request.sendBufferSize()).isZero();
        assertThat(request.receiveBufferSize()).isZero();
        assertThat(request.isTls()).isFalse();
        assertThat(request.verifyHostname()).isTrue();
        assertThat(request.writeBufferHighWatermark()).isEqualTo(4L * 1024 * 1024);
        assertThat(request.writeBufferHardLimit()).isEqualTo(256L * 1024 * 1024);
        assertThat(request.effectiveServerName()).isEqualTo("127.0.0.1");
        assertThat(request.serverNameIndication()).isTrue();
        assertThat(request.tlsProtocols()).isEmpty();
        assertThat(request.tlsCipherSuites()).isEmpty();
        assertThat(request.socketOptions()).isEmpty();
    }

    @Test
    void furtherSocketOptionsKeepTheirOrderAndMustMatchTheOptionsType() {
        Map<SocketOption<?>, Object> options = new LinkedHashMap<>();
        options.put(StandardSocketOptions.SO_LINGER, 5);
        options.put(StandardSocketOptions.SO_REUSEADDR, true);
        StreamConnectRequest request =
                StreamConnectRequest.builder(ADDRESS).socketOptions(options).build();
        options.clear();

        assertThat(request.socketOptions())
                .containsExactly(
                        Map.entry(StandardSocketOptions.SO_LINGER, 5),
                        Map.entry(StandardSocketOptions.SO_REUSEADDR, true));
        assertThatThrownBy(() -> request.socketOptions().clear()).isInstanceOf(UnsupportedOperationException.class);
        Map<SocketOption<?>, Object> wrong = new LinkedHashMap<>();
        wrong.put(StandardSocketOptions.SO_LINGER, "five");
        assertThatThrownBy(() -> StreamConnectRequest.builder(ADDRESS)
                        .socketOptions(wrong)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SO_LINGER takes a Integer, but was five (String)");
    }

    @Test
    void toBuilderKeepsEveryValue() throws Exception {
        StreamConnectRequest request = StreamConnectRequest.builder(ADDRESS)
                .connectTimeout(null)
                .tcpNoDelay(false)
                .keepAlive(true)
                .sendBufferSize(1)
                .receiveBufferSize(2)
                .sslContext(SSLContext.getDefault())
                .serverName("broker.example")
                .verifyHostname(false)
                .writeBufferHighWatermark(10)
                .writeBufferHardLimit(20)
                .serverNameIndication(false)
                .tlsProtocols(List.of("TLSv1.3"))
                .tlsCipherSuites(List.of("TLS_AES_128_GCM_SHA256"))
                .socketOption(StandardSocketOptions.SO_LINGER, 1)
                .build();

        assertThat(request.toBuilder().build()).isEqualTo(request);
        assertThat(request.isTls()).isTrue();
        assertThat(request.effectiveServerName()).isEqualTo("broker.example");
        assertThat(request.toBuilder()
                        .remoteAddress(new InetSocketAddress("127.0.0.2", 1))
                        .build()
                        .remoteAddress())
                .isNotEqualTo(ADDRESS);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheParameter() {
        assertThatThrownBy(() -> StreamConnectRequest.builder(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("remoteAddress");
        assertThatThrownBy(() -> StreamConnectRequest.builder(ADDRESS)
                        .connectTimeout(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() ->
                        StreamConnectRequest.builder(ADDRESS).sendBufferSize(-1).build())
                .hasMessageContaining("sendBufferSize");
        assertThatThrownBy(() -> StreamConnectRequest.builder(ADDRESS)
                        .receiveBufferSize(-1)
                        .build())
                .hasMessageContaining("receiveBufferSize");
        assertThatThrownBy(() ->
                        StreamConnectRequest.builder(ADDRESS).serverName(" ").build())
                .hasMessageContaining("serverName");
        assertThatThrownBy(() -> StreamConnectRequest.builder(ADDRESS)
                        .writeBufferHighWatermark(0)
                        .build())
                .hasMessageContaining("writeBufferHighWatermark");
        assertThatThrownBy(() -> StreamConnectRequest.builder(ADDRESS)
                        .writeBufferHighWatermark(100)
                        .writeBufferHardLimit(99)
                        .build())
                .hasMessageContaining("writeBufferHardLimit (99) must be at least writeBufferHighWatermark (100)");
    }

    @Test
    void writeBufferFullExceptionCarriesTheNumbers() {
        WriteBufferFullException error = new WriteBufferFullException(10, 5, 12);

        assertThat(error.bufferedBytes()).isEqualTo(10);
        assertThat(error.requestedBytes()).isEqualTo(5);
        assertThat(error.hardLimit()).isEqualTo(12);
        assertThat(error).hasMessageContaining("5 bytes").hasMessageContaining("hard limit of 12 bytes");
    }
}
