package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionParametersUrlTest {

    private static Arguments url(String url, UnaryOperator<ConnectionParameters.Builder> expected) {
        return Arguments.of(url, expected.apply(ConnectionParameters.builder()).build());
    }

    static Stream<Arguments> validUrls() {
        SslOptions tls = SslOptions.defaults();
        return Stream.of(
                url("amqp://", b -> b),
                url("amqp://localhost", b -> b),
                url("amqp://guest:guest@localhost:5672/%2F", b -> b.port(5672)),
                url(
                        "amqp://user:pass@rabbit.example.com:5673/orders",
                        b -> b.host("rabbit.example.com")
                                .port(5673)
                                .virtualHost("orders")
                                .credentials(new PlainCredentials("user", "pass"))),
                url(
                        "amqp://us%40er:p%3Ass%2Fw%25rd%40@host",
                        b -> b.host("host").credentials(new PlainCredentials("us@er", "p:ss/w%rd@"))),
                url(
                        "amqp://user:p@ss@host", // Python takes the last '@' as the end of the user info
                        b -> b.host("host").credentials(new PlainCredentials("user", "p@ss"))),
                url("amqp://user@host", b -> b.host("host").credentials(new PlainCredentials("user", ""))),
                url(
                        "amqp://r%F0%9F%90%87:%C3%BC@h/\uD83D\uDC07",
                        b -> b.host("h")
                                .virtualHost("\uD83D\uDC07")
                                .credentials(new PlainCredentials("r\uD83D\uDC07", "ü"))),
                url(
                        "amqp://r\uD83D\uDC07%20:ü@h",
                        b -> b.host("h").credentials(new PlainCredentials("r\uD83D\uDC07 ", "ü"))),
                url("amqp://h/%2Fprod", b -> b.host("h").virtualHost("/prod")),
                url("amqp://h/", b -> b.host("h")),
                url("amqp://h/v%C3%A9+x", b -> b.host("h").virtualHost("vé+x")),
                url("amqp://[::1]:5673/", b -> b.host("::1").port(5673)),
                url("amqp://[FE80::1]", b -> b.host("fe80::1")),
                url("amqp://192.168.0.10:1234", b -> b.host("192.168.0.10").port(1234)),
                url("AMQP://RABBIT", b -> b.host("rabbit")),
                url("amqps://host", b -> b.host("host").sslOptions(tls)),
                url(
                        "amqps://host:5000/v",
                        b -> b.host("host").port(5000).virtualHost("v").sslOptions(tls)),
                url("amqp://h?heartbeat=30", b -> b.host("h").heartbeat(Duration.ofSeconds(30))),
                url("amqp://h?heartbeat=0", b -> b.host("h").heartbeat(Duration.ZERO)),
                url(
                        "amqp://h?channel_max=10&frame_max=8192",
                        b -> b.host("h").channelMax(10).frameMax(8192)),
                url(
                        "amqp://h?connection_attempts=3&retry_delay=0.5",
                        b -> b.host("h").connectionAttempts(3).retryDelay(Duration.ofMillis(500))),
                url(
                        "amqp://h?socket_timeout=2.5&stack_timeout=1e2",
                        b -> b.host("h").socketTimeout(Duration.ofMillis(2500)).stackTimeout(Duration.ofSeconds(100))),
                url(
                        "amqp://h?socket_timeout=None&stack_timeout=none",
                        b -> b.host("h").socketTimeout(null).stackTimeout(null)),
                url(
                        "amqp://h?blocked_connection_timeout=60",
                        b -> b.host("h").blockedConnectionTimeout(Duration.ofMinutes(1))),
                url("amqp://h?locale=de_DE", b -> b.host("h").locale("de_DE")),
                url(
                        "amqp://h?connection_name=orders+service%21",
                        b -> b.host("h").connectionName("orders service!")),
                url(
                        "amqp://u:p@h/v?connection_name=ops@example.com",
                        b -> b.host("h")
                                .virtualHost("v")
                                .credentials(new PlainCredentials("u", "p"))
                                .connectionName("ops@example.com")),
                url(
                        "amqp://h?client_properties={'app': 'billing', 'n': 1, 'capabilities': {'x': True}}",
                        b -> b.host("h")
                                .clientProperties(Map.of("app", "billing", "n", 1, "capabilities", Map.of("x", true)))),
                url(
                        "amqp://h?client_properties=%7B%27app%27%3A%20%27a%26b%27%7D",
                        b -> b.host("h").clientProperties(Map.of("app", "a&b"))),
                url(
                        "amqp://h?tcp_options={'TCP_KEEPIDLE': 60, 'TCP_KEEPINTVL': 10, 'TCP_KEEPCNT': 5}",
                        b -> b.host("h")
                                .tcpOptions(TcpOptions.builder()
                                        .keepIdle(Duration.ofSeconds(60))
                                        .keepInterval(Duration.ofSeconds(10))
                                        .keepCount(5)
                                        .build())),
                url("amqp://h?tcp_options={'TCP_USER_TIMEOUT': 1000}", b -> b.host("h")),
                url("amqp://h?tcp_options=None", b -> b.host("h")),
                url("amqp://h?backpressure_detection=t", b -> b.host("h")),
                url(
                        "amqp://h?heartbeat=5&&locale=fr_FR&",
                        b -> b.host("h").heartbeat(Duration.ofSeconds(5)).locale("fr_FR")),
                url("amqp://h?connection_timeout=5000", b -> b.host("h").socketTimeout(Duration.ofSeconds(5))),
                url("amqp://h?connection_timeout=0", b -> b.host("h").socketTimeout(null)),
                url(
                        "amqps://h?auth_mechanism=external",
                        b -> b.host("h").sslOptions(tls).credentials(new ExternalCredentials())),
                url(
                        "amqp://user:pass@h?auth_mechanism=PLAIN",
                        b -> b.host("h").credentials(new PlainCredentials("user", "pass"))),
                url(
                        "amqps://h?verify=verify_none",
                        b -> b.host("h")
                                .sslOptions(
                                        SslOptions.builder().verifyPeer(false).build())),
                url(
                        "amqps://h?server_name_indication=disable",
                        b -> b.host("h")
                                .sslOptions(SslOptions.builder()
                                        .serverNameIndication(false)
                                        .build())),
                url(
                        "amqps://h?server_name_indication=rabbit.internal",
                        b -> b.host("h")
                                .sslOptions(SslOptions.builder()
                                        .serverHostname("rabbit.internal")
                                        .build())),
                url(
                        "amqp://h?ssl_options={'server_hostname': 'rabbit.internal', 'check_hostname': False}",
                        b -> b.host("h")
                                .sslOptions(SslOptions.builder()
                                        .serverHostname("rabbit.internal")
                                        .verifyHostname(false)
                                        .build())),
                url(
                        "amqps://h?ssl_options={'cert_reqs': 0}",
                        b -> b.host("h")
                                .sslOptions(
                                        SslOptions.builder().verifyPeer(false).build())),
                url(
                        "amqps://h?ssl_options={'protocol': 'TLSv1.3', 'ciphers': 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384'}",
                        b -> b.host("h")
                                .sslOptions(SslOptions.builder()
                                        .protocols("TLSv1.3")
                                        .cipherSuites("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")
                                        .build())),
                url(
                        "amqps://h?ssl_options={'protocol': 5}",
                        b -> b.host("h")
                                .sslOptions(SslOptions.builder()
                                        .protocols("TLSv1.2")
                                        .build())),
                url("amqp://h?ssl_options=None", b -> b.host("h")),
                url(
                        "amqp://h?max_inbound_message_body_size=1024&write_buffer_high_watermark=100&write_buffer_limit=200",
                        b -> b.host("h")
                                .maxInboundMessageBodySize(1024)
                                .writeBufferHighWatermark(100)
                                .writeBufferLimit(200)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validUrls")
    void parsesUrl(String url, ConnectionParameters expected) {
        ConnectionParameters parsed = ConnectionParameters.fromUrl(url);

        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.port()).isEqualTo(expected.port());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validUrls")
    void toUrlReadsBackEqual(String url, ConnectionParameters expected) {
        String written = expected.toUrl();

        assertThat(ConnectionParameters.fromUrl(written)).isEqualTo(expected);
    }

    @Test
    void amqpsDefaultsToPort5671AndVerifyingTls() {
        ConnectionParameters p = ConnectionParameters.fromUrl("amqps://rabbit.example.com");

        assertThat(p.port()).isEqualTo(5671);
        assertThat(p.sslOptions()).hasValueSatisfying(ssl -> {
            assertThat(ssl.verifyPeer()).isTrue();
            assertThat(ssl.verifyHostname()).isTrue();
            assertThat(ssl.sslParameters(p.host()).getEndpointIdentificationAlgorithm())
                    .isEqualTo("HTTPS");
        });
    }

    @Test
    void toUrlWritesOnlyNonDefaults() {
        assertThat(ConnectionParameters.defaults().toUrl()).isEqualTo("amqp://localhost/%2F");
        ConnectionParameters p = ConnectionParameters.builder()
                .host("::1")
                .port(5673)
                .virtualHost("a/b")
                .credentials(new PlainCredentials("us@r", "p&ss w"))
                .heartbeat(Duration.ofSeconds(30))
                .socketTimeout(null)
                .retryDelay(Duration.ofMillis(250))
                .connectionName("x y")
                .build();
        assertThat(p.toUrl())
                .isEqualTo("amqp://us%40r:p%26ss%20w@[::1]:5673/a%2Fb?heartbeat=30&retry_delay=0.25"
                        + "&socket_timeout=None&connection_name=x%20y");
        assertThat(ConnectionParameters.fromUrl(p.toUrl())).isEqualTo(p);
    }

    @Test
    void toUrlRefusesWhatAUrlCannotExpress() {
        assertThatThrownBy(() -> ConnectionParameters.builder()
                        .heartbeat(proposal -> 1)
                        .build()
                        .toUrl())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("toUrl: a heartbeat negotiator has no URL form");
        assertThatThrownBy(() -> ConnectionParameters.builder()
                        .metricsCollector(new MetricsCollector() {})
                        .build()
                        .toUrl())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("toUrl: a metrics collector has no URL form");
        assertThatThrownBy(() -> ConnectionParameters.builder()
                        .clientProperties(Map.of("blob", new byte[] {1}))
                        .build()
                        .toUrl())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[B value has no Python literal");
    }

    static Stream<Arguments> invalidUrls() {
        return Stream.of(
                Arguments.of("http://h", "AMQP URL: unsupported scheme 'http'; use amqp or amqps"),
                Arguments.of("localhost:5672", "AMQP URL: must start with amqp:// or amqps://"),
                Arguments.of(
                        "amqp://h:notaport", "AMQP URL: the port is not a number between 1 and 65535; percent-encode"),
                Arguments.of("amqp://h:70000", "port must be between 1 and 65535 (inclusive), but was 70000"),
                Arguments.of("amqp://::1", "AMQP URL: put IPv6 hosts in brackets, as in amqp://[::1]:5672"),
                Arguments.of("amqp://[::1", "AMQP URL: an IPv6 host must be closed with ']', as in amqp://[::1]:5672"),
                Arguments.of("amqp://[::1]x", "AMQP URL: unexpected 'x' after the IPv6 host; expected :port"),
                Arguments.of(
                        "amqp://h/a/b",
                        "AMQP URL: the virtual host 'a/b' contains '/'; percent-encode it as %2F"
                                + " (the virtual host / is %2F)"),
                Arguments.of(
                        "amqp://u:p4ss#word@h",
                        "AMQP URL: a URL has no fragment ('#'); percent-encode '#' in"
                                + " user names, passwords and virtual hosts as %23"),
                Arguments.of(
                        "amqp://u:p4ss/word@h",
                        "AMQP URL: '@' after the host or in a query name: percent-encode"
                                + " '/', '?', '#' and '@' in user names and passwords (as %2F, %3F, %23, %40)"),
                Arguments.of("amqp://u:p4ss?word@h", "AMQP URL: the port is not a number between 1 and 65535"),
                Arguments.of("amqp://h?u:p4ss@x=1", "AMQP URL: '@' after the host or in a query name"),
                Arguments.of("amqp://u:p4ss?wo=rd@h", "AMQP URL: the port is not a number between 1 and 65535"),
                Arguments.of(
                        "amqp://u:p4ss%zz@h",
                        "AMQP URL: invalid percent-encoding at index 4 of the password;" + " write a '%' as %25"),
                Arguments.of("amqp://u:p4ss%C3@h", "AMQP URL: the percent-encoded password is not valid UTF-8"),
                Arguments.of(
                        "amqp://h/%2",
                        "AMQP URL: invalid percent-encoding at index 0 of the virtual host '%2';"
                                + " write a '%' as %25"),
                Arguments.of(
                        "amqp://h?foo=1",
                        "AMQP URL: unknown query parameter 'foo'; supported are " + AmqpUrl.QUERY_NAMES),
                Arguments.of(
                        "amqp://h?heartbeat=abc",
                        "AMQP URL: invalid heartbeat 'abc': expected an integer, but was 'abc'"),
                Arguments.of(
                        "amqp://h?heartbeat=2.5",
                        "AMQP URL: invalid heartbeat '2.5': expected an integer, but was '2.5'"),
                Arguments.of(
                        "amqp://h?heartbeat=-1",
                        "AMQP URL: invalid heartbeat '-1': heartbeat must be between 0 and"
                                + " 65535 seconds (inclusive), but was PT-1S"),
                Arguments.of(
                        "amqp://h?heartbeat=1&heartbeat=2",
                        "AMQP URL: expected exactly one value for query" + " parameter 'heartbeat', but got several"),
                Arguments.of(
                        "amqp://h?heartbeat=",
                        "AMQP URL: query parameter 'heartbeat' has no value; write" + " heartbeat=<value>"),
                Arguments.of(
                        "amqp://h?heartbeat",
                        "AMQP URL: query parameter 'heartbeat' has no value; write" + " heartbeat=<value>"),
                Arguments.of(
                        "amqp://h?channel_max=0",
                        "AMQP URL: invalid channel_max '0': channelMax must be between"
                                + " 1 and 65535 (inclusive), but was 0"),
                Arguments.of(
                        "amqp://h?channel_max=99999999999",
                        "AMQP URL: invalid channel_max '99999999999':"
                                + " expected an integer, but '99999999999' is out of range"),
                Arguments.of(
                        "amqp://h?frame_max=100",
                        "AMQP URL: invalid frame_max '100': frameMax must be between"
                                + " 4096 and 131072 (inclusive), but was 100"),
                Arguments.of(
                        "amqp://h?connection_attempts=0",
                        "AMQP URL: invalid connection_attempts '0':" + " connectionAttempts must be >= 1, but was 0"),
                Arguments.of(
                        "amqp://h?retry_delay=soon",
                        "AMQP URL: invalid retry_delay 'soon': expected a number of" + " seconds, but was 'soon'"),
                Arguments.of(
                        "amqp://h?socket_timeout=0",
                        "AMQP URL: invalid socket_timeout '0': socketTimeout must be"
                                + " > 0 (or null for no timeout), but was PT0S"),
                Arguments.of(
                        "amqp://h?stack_timeout=-2",
                        "AMQP URL: invalid stack_timeout '-2': stackTimeout must be"
                                + " > 0 (or null for no timeout), but was PT-2S"),
                Arguments.of(
                        "amqp://h?blocked_connection_timeout=-1",
                        "AMQP URL: invalid blocked_connection_timeout"
                                + " '-1': blockedConnectionTimeout must be >= 0 (PT0S), but was PT-1S"),
                Arguments.of(
                        "amqp://h?connection_timeout=-1",
                        "AMQP URL: invalid connection_timeout '-1':"
                                + " connection_timeout (milliseconds) must be >= 0, but was -1"),
                Arguments.of(
                        "amqp://h?auth_mechanism=amqplain",
                        "AMQP URL: invalid auth_mechanism 'amqplain':"
                                + " supported mechanisms are plain and external"),
                Arguments.of(
                        "amqps://h?verify=maybe",
                        "AMQP URL: invalid verify: verify must be verify_peer or" + " verify_none, but was 'maybe'"),
                Arguments.of(
                        "amqps://h?keyfile=/etc/key.pem",
                        "AMQP URL: keyfile needs certfile (the client" + " certificate chain)"),
                Arguments.of(
                        "amqps://h?ssl_options=None",
                        "AMQP URL: ssl_options=None contradicts the amqps scheme or" + " the TLS query parameters"),
                Arguments.of(
                        "amqp://h?tcp_options={'TCP_FOO': 1}",
                        "AMQP URL: invalid tcp_options '{'TCP_FOO': 1}':"
                                + " tcpOptions: unknown key 'TCP_FOO'; supported keys are [SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF,"
                                + " TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_NODELAY, TCP_USER_TIMEOUT]"),
                Arguments.of(
                        "amqp://h?tcp_options={'TCP_KEEPIDLE': 'long'}",
                        "AMQP URL: invalid tcp_options"
                                + " '{'TCP_KEEPIDLE': 'long'}': tcpOptions: TCP_KEEPIDLE must be an integer, but was long (String)"),
                Arguments.of(
                        "amqp://h?client_properties=[1]",
                        "AMQP URL: invalid client_properties '[1]':"
                                + " client_properties must be a Python dict literal like {'key': value}, but was: [1]"),
                Arguments.of(
                        "amqp://h?client_properties={'a': nope}",
                        "AMQP URL: invalid client_properties"
                                + " '{'a': nope}': client_properties is not a valid Python literal: expected a literal (dict, list,"
                                + " tuple, 'string', number, True, False or None) at position 6 of: {'a': nope}"),
                Arguments.of(
                        "amqp://h?ssl_options={'password': 'hunter2', 'bogus': 1}",
                        "AMQP URL: invalid ssl_options"
                                + " (value hidden): unknown ssl_options key 'bogus'; supported keys are "
                                + UrlSslOptions.DICTIONARY_KEYS),
                Arguments.of(
                        "amqp://h?ssl_options={'password: 'hunter2'}",
                        "AMQP URL: invalid ssl_options (value"
                                + " hidden): ssl_options is not a valid Python literal: expected ':' at position 13"),
                Arguments.of(
                        "amqp://h?ssl_options={'protocol': 7}",
                        "AMQP URL: invalid ssl_options (value hidden):"
                                + " ssl_options 'protocol' must be a protocol name such as 'TLSv1.2' or 'TLSv1.3', or one of"
                                + " Python's ssl.PROTOCOL_TLS (2), PROTOCOL_TLS_CLIENT (16), PROTOCOL_TLSv1 (3),"
                                + " PROTOCOL_TLSv1_1 (4), PROTOCOL_TLSv1_2 (5)"),
                Arguments.of(
                        "amqps://h?ssl_options={'protocol': 'SSLv9'}",
                        "sslOptions.protocols: [SSLv9] not supported" + " by this JDK; supported are"),
                Arguments.of(
                        "amqps://h?cacertfile=/does/not/exist.pem",
                        "sslOptions: trustCertificates file"
                                + " /does/not/exist.pem does not exist or is not a readable file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUrls")
    void invalidUrlsFailWithAClearMessage(String url, String message) {
        assertThatThrownBy(() -> ConnectionParameters.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("p4ss", "hunter2"));
    }

    @Test
    void theUnknownNameMessageListsEverySupportedName() {
        assertThat(AmqpUrl.QUERY_NAMES)
                .containsExactlyInAnyOrderElementsOf(List.of(
                        "auth_mechanism",
                        "backpressure_detection",
                        "blocked_connection_timeout",
                        "cacertfile",
                        "certfile",
                        "channel_max",
                        "client_properties",
                        "connection_attempts",
                        "connection_name",
                        "connection_timeout",
                        "frame_max",
                        "heartbeat",
                        "keyfile",
                        "locale",
                        "max_inbound_message_body_size",
                        "retry_delay",
                        "server_name_indication",
                        "socket_timeout",
                        "ssl_options",
                        "stack_timeout",
                        "tcp_options",
                        "verify",
                        "write_buffer_high_watermark",
                        "write_buffer_limit"));
    }
}
