package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {

    @Test
    void defaultsAreNoDelayOnAndKeepAliveOff() {
        TcpOptions options = TcpOptions.DEFAULT;

        assertThat(options.tcpNoDelay()).isTrue();
        assertThat(options.keepAlive()).isFalse();
        assertThat(options.keepIdle()).isEmpty();
        assertThat(options.keepCount()).isEmpty();
        assertThat(options.sendBufferSize()).isEmpty();
        assertThat(options.socketOptions())
                .containsExactly(
                        Map.entry(StandardSocketOptions.TCP_NODELAY, true),
                        Map.entry(StandardSocketOptions.SO_KEEPALIVE, false));
        assertThat(options.toPikaOptions()).isEmpty();
    }

    @Test
    void aKeepAliveTimingTurnsKeepAliveOnAsPikaDoes() {
        TcpOptions options =
                TcpOptions.builder().keepIdle(Duration.ofSeconds(30)).build();

        assertThat(options.keepAlive()).isTrue();
        assertThat(options.socketOptions()).containsEntry(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    @Test
    void socketOptionsCarryEveryValueInOrder() {
        TcpOptions options = TcpOptions.builder()
                .tcpNoDelay(false)
                .keepIdle(Duration.ofSeconds(60))
                .keepInterval(Duration.ofSeconds(10))
                .keepCount(5)
                .sendBufferSize(65536)
                .receiveBufferSize(131072)
                .build();

        Map<SocketOption<?>, Object> expected = new LinkedHashMap<>();
        expected.put(StandardSocketOptions.TCP_NODELAY, false);
        expected.put(StandardSocketOptions.SO_KEEPALIVE, true);
        if (TcpOptions.keepAliveTuningSupported()) {
            expected.put(ExtendedSocketOptions.TCP_KEEPIDLE, 60);
            expected.put(ExtendedSocketOptions.TCP_KEEPINTERVAL, 10);
            expected.put(ExtendedSocketOptions.TCP_KEEPCOUNT, 5);
        }
        expected.put(StandardSocketOptions.SO_SNDBUF, 65536);
        expected.put(StandardSocketOptions.SO_RCVBUF, 131072);
        assertThat(options.socketOptions()).containsExactlyEntriesOf(expected);
    }

    @Test
    void keepAliveTuningIsSupportedOnLinux() {
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertThat(TcpOptions.keepAliveTuningSupported()).isTrue();
        }
    }

    @Test
    void pikaKeysMapOntoTheOptions() {
        TcpOptions options = TcpOptions.fromPikaOptions(Map.of(
                "TCP_KEEPIDLE", 60,
                "TCP_KEEPINTVL", 10,
                "TCP_KEEPCNT", 5,
                "TCP_USER_TIMEOUT", 30000,
                "TCP_NODELAY", 0,
                "SO_SNDBUF", 4096,
                "SO_RCVBUF", 8192));

        assertThat(options)
                .isEqualTo(TcpOptions.builder()
                        .keepIdle(Duration.ofSeconds(60))
                        .keepInterval(Duration.ofSeconds(10))
                        .keepCount(5)
                        .tcpNoDelay(false)
                        .sendBufferSize(4096)
                        .receiveBufferSize(8192)
                        .build());
        assertThat(TcpOptions.fromPikaOptions(Map.of("SO_KEEPALIVE", true)).keepAlive())
                .isTrue();
        assertThat(TcpOptions.fromPikaOptions(null)).isEqualTo(TcpOptions.DEFAULT);
    }

    @Test
    void toPikaOptionsReadsBackEqual() {
        TcpOptions options = TcpOptions.builder()
                .tcpNoDelay(false)
                .keepAlive(true)
                .keepCount(3)
                .receiveBufferSize(1024)
                .build();

        assertThat(TcpOptions.fromPikaOptions(options.toPikaOptions())).isEqualTo(options);
        TcpOptions onlyKeepAlive = TcpOptions.builder().keepAlive(true).build();
        assertThat(onlyKeepAlive.toPikaOptions()).containsExactly(Map.entry("SO_KEEPALIVE", true));
        assertThat(TcpOptions.fromPikaOptions(onlyKeepAlive.toPikaOptions())).isEqualTo(onlyKeepAlive);
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> TcpOptions.fromPikaOptions(Map.of("TCP_KEEPCNT", 1.5)))
                .hasMessage("tcpOptions: TCP_KEEPCNT must be an integer, but was 1.5 (Double)");
        assertThatThrownBy(() -> TcpOptions.fromPikaOptions(Map.of("TCP_NODELAY", 2)))
                .hasMessage("tcpOptions: TCP_NODELAY must be True/False or 1/0, but was 2 (Integer)");
        assertThatThrownBy(() -> TcpOptions.fromPikaOptions(Map.of("SO_LINGER", 1)))
                .hasMessage("tcpOptions: unknown key 'SO_LINGER'; supported keys are [SO_KEEPALIVE, SO_RCVBUF,"
                        + " SO_SNDBUF, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_NODELAY, TCP_USER_TIMEOUT]");
        assertThatThrownBy(() -> TcpOptions.builder().keepIdle(Duration.ZERO))
                .hasMessage("tcpOptions.keepIdle must be between 1 and 32767 seconds (inclusive), but was PT0S");
        assertThatThrownBy(() -> TcpOptions.builder().keepInterval(Duration.ofMillis(1500)))
                .hasMessage("tcpOptions.keepInterval must be a whole number of seconds (AMQP and TCP count it in"
                        + " seconds), but was PT1.5S");
        assertThatThrownBy(() -> TcpOptions.builder().keepCount(128))
                .hasMessage("tcpOptions.keepCount must be between 1 and 127 (inclusive), but was 128");
        assertThatThrownBy(() -> TcpOptions.builder().sendBufferSize(0))
                .hasMessage("tcpOptions.sendBufferSize must be >= 1, but was 0");
    }

    @Test
    void equalityToStringAndToBuilder() {
        TcpOptions options = TcpOptions.builder()
                .keepIdle(Duration.ofSeconds(5))
                .sendBufferSize(10)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(options).isNotEqualTo(TcpOptions.DEFAULT);
        assertThat(options.toString())
                .isEqualTo("TcpOptions{tcpNoDelay=true, keepAlive=true, keepIdle=PT5S, sendBufferSize=10}");
    }
}
