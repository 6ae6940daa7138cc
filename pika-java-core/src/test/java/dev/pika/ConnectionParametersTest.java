package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionParametersTest {

    /** The values of pika/connection.py Parameters (Pika 1.2) and spec.py, written out. */
    @Test
    void defaultsAreThoseOfPika() {
        ConnectionParameters p = ConnectionParameters.defaults();

        assertThat(p.host()).isEqualTo("localhost");
        assertThat(p.port()).isEqualTo(5672);
        assertThat(p.portExplicit()).isFalse();
        assertThat(p.virtualHost()).isEqualTo("/");
        assertThat(p.credentials()).isEqualTo(new PlainCredentials("guest", "guest"));
        assertThat(p.channelMax()).isEqualTo(65535);
        assertThat(p.frameMax()).isEqualTo(131072);
        assertThat(p.heartbeat()).isEmpty(); // None: accept the broker's proposal
        assertThat(p.heartbeatNegotiator()).isEmpty();
        assertThat(p.sslOptions()).isEmpty();
        assertThat(p.connectionAttempts()).isEqualTo(1);
        assertThat(p.retryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.socketTimeout()).contains(Duration.ofSeconds(10));
        assertThat(p.stackTimeout()).contains(Duration.ofSeconds(15));
        assertThat(p.locale()).isEqualTo("en_US");
        assertThat(p.blockedConnectionTimeout()).isEmpty();
        assertThat(p.clientProperties()).isEmpty();
        assertThat(p.tcpOptions()).isEqualTo(TcpOptions.DEFAULT);
        assertThat(p.connectionName()).isEmpty();
        assertThat(p.maxInboundMessageBodySize()).isEqualTo(128 * 1024 * 1024);
        assertThat(p.writeBufferHighWatermark()).isEqualTo(4L * 1024 * 1024);
        assertThat(p.writeBufferLimit()).isEqualTo(64L * 1024 * 1024);
        assertThat(p.metricsCollector()).isSameAs(MetricsCollector.NOOP);

        assertThat(ConnectionParameters.DEFAULT_SSL_PORT).isEqualTo(5671);
        assertThat(ConnectionParameters.FRAME_MIN_SIZE).isEqualTo(4096);
        assertThat(ConnectionParameters.FRAME_MAX_SIZE).isEqualTo(131072);
        assertThat(ConnectionParameters.MAX_CHANNELS).isEqualTo(65535);
        assertThat(ConnectionParameters.builder().build()).isEqualTo(p);
    }

    @Test
    void tlsMovesTheDefaultPortButNotAnExplicitOne() {
        ConnectionParameters tls =
                ConnectionParameters.builder().sslOptions(SslOptions.defaults()).build();
        assertThat(tls.port()).isEqualTo(5671);
        assertThat(tls.toBuilder().sslOptions(null).build().port()).isEqualTo(5672);

        ConnectionParameters explicit = ConnectionParameters.builder()
                .port(5672)
                .sslOptions(SslOptions.defaults())
                .build();
        assertThat(explicit.port()).isEqualTo(5672);
        assertThat(explicit.portExplicit()).isTrue();
        assertThat(explicit.toBuilder().defaultPort().build().port()).isEqualTo(5671);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid(
                        "channelMax 0",
                        b -> b.channelMax(0),
                        "channelMax must be between 1 and 65535 (inclusive), but was 0"),
                invalid(
                        "channelMax 65536",
                        b -> b.channelMax(65536),
                        "channelMax must be between 1 and 65535 (inclusive), but was 65536"),
                invalid(
                        "frameMax 4095",
                        b -> b.frameMax(4095),
                        "frameMax must be between 4096 and 131072 (inclusive), but was 4095"),
                invalid(
                        "frameMax 131073",
                        b -> b.frameMax(131073),
                        "frameMax must be between 4096 and 131072 (inclusive), but was 131073"),
                invalid(
                        "heartbeat -1 s",
                        b -> b.heartbeat(Duration.ofSeconds(-1)),
                        "heartbeat must be between 0 and 65535 seconds (inclusive), but was PT-1S"),
                invalid(
                        "heartbeat 65536 s",
                        b -> b.heartbeat(Duration.ofSeconds(65536)),
                        "heartbeat must be between 0 and 65535 seconds (inclusive), but was PT18H12M16S"),
                invalid(
                        "heartbeat 1.5 s",
                        b -> b.heartbeat(Duration.ofMillis(1500)),
                        "heartbeat must be a whole number of seconds (AMQP and TCP count it in seconds), but was PT1.5S"),
                invalid("port 0", b -> b.port(0), "port must be between 1 and 65535 (inclusive), but was 0"),
                invalid(
                        "port 65536",
                        b -> b.port(65536),
                        "port must be between 1 and 65535 (inclusive), but was 65536"),
                invalid(
                        "connectionAttempts 0",
                        b -> b.connectionAttempts(0),
                        "connectionAttempts must be >= 1, but was 0"),
                invalid(
                        "retryDelay -1 ms",
                        b -> b.retryDelay(Duration.ofMillis(-1)),
                        "retryDelay must be >= 0 (PT0S), but was PT-0.001S"),
                invalid(
                        "socketTimeout 0",
                        b -> b.socketTimeout(Duration.ZERO),
                        "socketTimeout must be > 0 (or null for no timeout), but was PT0S"),
                invalid(
                        "stackTimeout -1 s",
                        b -> b.stackTimeout(Duration.ofSeconds(-1)),
                        "stackTimeout must be > 0 (or null for no timeout), but was PT-1S"),
                invalid(
                        "blockedConnectionTimeout -1 s",
                        b -> b.blockedConnectionTimeout(Duration.ofSeconds(-1)),
                        "blockedConnectionTimeout must be >= 0 (PT0S), but was PT-1S"),
                invalid("host blank", b -> b.host(" "), "host must not be blank, but was ' '"),
                invalid(
                        "virtualHost 256 bytes",
                        b -> b.virtualHost("v".repeat(256)),
                        "virtualHost must be at most 255 UTF-8 bytes (an AMQP short string), but was 256 bytes"),
                invalid(
                        "locale 256 bytes",
                        b -> b.locale("é".repeat(128)),
                        "locale must be at most 255 UTF-8 bytes (an AMQP short string), but was 256 bytes"),
                invalid(
                        "connectionName blank",
                        b -> b.connectionName(""),
                        "connectionName must not be blank, but was ''"),
                invalid(
                        "maxInboundMessageBodySize 0",
                        b -> b.maxInboundMessageBodySize(0),
                        "maxInboundMessageBodySize must be between 1 and 2147483639 (inclusive), but was 0"),
                invalid(
                        "writeBufferHighWatermark 0",
                        b -> b.writeBufferHighWatermark(0),
                        "writeBufferHighWatermark must be >= 1, but was 0"),
                invalid("writeBufferLimit 0", b -> b.writeBufferLimit(0), "writeBufferLimit must be >= 1, but was 0"),
                invalid(
                        "limit below watermark",
                        b -> b.writeBufferHighWatermark(2048)
                                .writeBufferLimit(1024)
                                .build(),
                        "writeBufferLimit (1024) must be >= writeBufferHighWatermark (2048); raise writeBufferLimit"
                                + " or lower writeBufferHighWatermark"),
                invalid(
                        "connection name conflict",
                        b -> b.connectionName("a")
                                .clientProperties(Map.of("connection_name", "b"))
                                .build(),
                        "connectionName 'a' conflicts with client property connection_name 'b'; set only one of them"),
                invalid(
                        "capabilities not a map",
                        b -> b.clientProperties(Map.of("capabilities", "all")),
                        "clientProperties: 'capabilities' must be a table (Map<String, Object>) merged into the default"
                                + " capabilities, but was java.lang.String"));
    }

    private static Arguments invalid(String name, Consumer<ConnectionParameters.Builder> setting, String message) {
        return Arguments.of(name, setting, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalidSettingsFailWithAMessageNamingParameterValueAndRange(
            String name, Consumer<ConnectionParameters.Builder> setting, String message) {
        assertThatThrownBy(() -> setting.accept(ConnectionParameters.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void requiredValuesRejectNullNamingTheParameter() {
        ConnectionParameters.Builder builder = ConnectionParameters.builder();
        assertThatThrownBy(() -> builder.credentials(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("credentials must not be null");
        assertThatThrownBy(() -> builder.host(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("host must not be null");
        assertThatThrownBy(() -> builder.retryDelay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("retryDelay must not be null");
        assertThatThrownBy(() -> builder.heartbeat((Duration) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("heartbeat must not be null");
    }

    @Test
    void boundaryValuesAreAccepted() {
        ConnectionParameters p = ConnectionParameters.builder()
                .channelMax(1)
                .frameMax(4096)
                .heartbeat(Duration.ZERO)
                .port(65535)
                .retryDelay(Duration.ZERO)
                .socketTimeout(null)
                .stackTimeout(null)
                .blockedConnectionTimeout(Duration.ZERO)
                .maxInboundMessageBodySize(ConnectionParameters.MAX_MESSAGE_BODY_SIZE)
                .writeBufferHighWatermark(1)
                .writeBufferLimit(1)
                .build();
        assertThat(p.channelMax()).isEqualTo(1);
        assertThat(p.frameMax()).isEqualTo(4096);
        assertThat(p.heartbeat()).contains(Duration.ZERO);
        assertThat(p.socketTimeout()).isEmpty();
        assertThat(p.stackTimeout()).isEmpty();
        assertThat(p.blockedConnectionTimeout()).contains(Duration.ZERO);
    }

    @Test
    void heartbeatNegotiationFollowsPika() {
        ConnectionParameters accept = ConnectionParameters.defaults();
        assertThat(accept.negotiateHeartbeat(60)).isEqualTo(60);
        assertThat(accept.negotiateHeartbeat(0)).isZero();

        ConnectionParameters fixed =
                ConnectionParameters.builder().heartbeat(Duration.ofSeconds(30)).build();
        assertThat(fixed.negotiateHeartbeat(60)).isEqualTo(30);
        assertThat(fixed.negotiateHeartbeat(0)).isEqualTo(30); // the client's value always wins
        assertThat(ConnectionParameters.builder()
                        .heartbeat(Duration.ZERO)
                        .build()
                        .negotiateHeartbeat(60))
                .isZero();

        List<Integer> proposals = new ArrayList<>();
        ConnectionParameters callable = ConnectionParameters.builder()
                .heartbeat(proposal -> {
                    proposals.add(proposal);
                    return Math.max(proposal, 100);
                })
                .build();
        assertThat(callable.heartbeat()).isEmpty();
        assertThat(callable.negotiateHeartbeat(60)).isEqualTo(100);
        assertThat(callable.negotiateHeartbeat(200)).isEqualTo(200);
        assertThat(proposals).containsExactly(60, 200);

        ConnectionParameters bad =
                ConnectionParameters.builder().heartbeat(proposal -> -1).build();
        assertThatThrownBy(() -> bad.negotiateHeartbeat(60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeatNegotiator returned -1 for the broker's proposal of 60 s; it must return"
                        + " seconds between 0 and 65535 (0 disables heartbeats)");

        assertThat(callable.toBuilder().acceptServerHeartbeat().build().negotiateHeartbeat(7))
                .isEqualTo(7);
        assertThat(callable.toBuilder().heartbeat(Duration.ofSeconds(5)).build().heartbeatNegotiator())
                .isEmpty();
    }

    @Test
    void toBuilderRoundTripsEveryValue() {
        MetricsCollector metrics = new MetricsCollector() {};
        HeartbeatNegotiator negotiator = proposal -> 10;
        ConnectionParameters p = ConnectionParameters.builder()
                .host("rabbit.example.com")
                .port(5999)
                .virtualHost("orders")
                .credentials(new PlainCredentials("app", "s3cret"))
                .channelMax(100)
                .frameMax(8192)
                .heartbeat(negotiator)
                .sslOptions(SslOptions.defaults())
                .connectionAttempts(3)
                .retryDelay(Duration.ofMillis(500))
                .socketTimeout(Duration.ofSeconds(3))
                .stackTimeout(Duration.ofSeconds(4))
                .locale("de_DE")
                .blockedConnectionTimeout(Duration.ofMinutes(1))
                .clientProperties(Map.of("team", "payments"))
                .tcpOptions(
                        TcpOptions.builder().keepIdle(Duration.ofSeconds(60)).build())
                .connectionName("orders-service")
                .maxInboundMessageBodySize(1024)
                .writeBufferHighWatermark(1000)
                .writeBufferLimit(2000)
                .metricsCollector(metrics)
                .build();

        ConnectionParameters copy = p.toBuilder().build();

        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(copy.heartbeatNegotiator()).containsSame(negotiator);
        assertThat(copy.metricsCollector()).isSameAs(metrics);
        assertThat(copy.connectionName()).contains("orders-service");
        assertThat(copy.toBuilder().port(5998).build()).isNotEqualTo(p);
        assertThat(copy.toBuilder()
                        .credentials(new PlainCredentials("app", "other"))
                        .build())
                .isNotEqualTo(p);
        assertThat(copy.toBuilder().heartbeat(proposal -> 10).build()).isNotEqualTo(p);
    }

    @Test
    void equalityIsByValueIncludingClientPropertyBytes() {
        ConnectionParameters a = ConnectionParameters.builder()
                .clientProperties(Map.of("blob", new byte[] {1, 2, 3}, "nested", Map.of("list", List.of(1, "x"))))
                .build();
        ConnectionParameters b = ConnectionParameters.builder()
                .clientProperties(Map.of("blob", new byte[] {1, 2, 3}, "nested", Map.of("list", List.of(1, "x"))))
                .build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(ConnectionParameters.builder()
                        .clientProperties(Map.of("blob", new byte[] {1, 2, 4}))
                        .build());
    }

    @Test
    void clientPropertiesAreDeepCopiedAndUnmodifiable() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", "v");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nested", nested);
        properties.put("array", new Object[] {"a", 1});
        byte[] blob = {9};
        properties.put("blob", blob);

        ConnectionParameters p =
                ConnectionParameters.builder().clientProperties(properties).build();
        nested.put("k", "changed");
        blob[0] = 0;
        properties.put("late", true);

        assertThat(p.clientProperties()).containsOnlyKeys("nested", "array", "blob");
        assertThat(p.clientProperties().get("nested")).isEqualTo(Map.of("k", "v"));
        assertThat(p.clientProperties().get("array")).isEqualTo(List.of("a", 1));
        assertThat((byte[]) p.clientProperties().get("blob")).containsExactly(9);
        assertThatThrownBy(() -> p.clientProperties().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void connectionNameComesFromTheBuilderOrTheClientProperty() {
        assertThat(ConnectionParameters.builder().connectionName("a").build().startOkClientProperties())
                .containsEntry("connection_name", "a");
        ConnectionParameters fromProperty = ConnectionParameters.builder()
                .clientProperties(Map.of("connection_name", "b"))
                .build();
        assertThat(fromProperty.connectionName()).contains("b");
        assertThat(fromProperty.startOkClientProperties()).containsEntry("connection_name", "b");
        assertThat(ConnectionParameters.builder()
                        .connectionName("same")
                        .clientProperties(Map.of("connection_name", "same"))
                        .build()
                        .connectionName())
                .contains("same");
    }

    @Test
    void toStringShowsTheSettingsButNeverThePassword() {
        ConnectionParameters p = ConnectionParameters.builder()
                .host("::1")
                .credentials(new PlainCredentials("app", "Sup3r-S3cret"))
                .connectionName("orders")
                .build();

        assertThat(p.toString())
                .doesNotContain("Sup3r-S3cret")
                .contains(
                        "host=[::1]",
                        "port=5672",
                        "username=app",
                        "password=****",
                        "connectionName=orders",
                        "heartbeat=server's proposal",
                        "ssl=off");
    }

    @Test
    void startOkClientPropertiesMergeUserValuesOverTheDefaults() {
        ConnectionParameters p = ConnectionParameters.builder()
                .clientProperties(
                        Map.of("product", "my-app", "capabilities", Map.of("basic.nack", false, "custom", true)))
                .connectionName("conn-1")
                .build();

        Map<String, Object> table = p.startOkClientProperties();

        assertThat(table).containsEntry("product", "my-app").containsEntry("connection_name", "conn-1");
        assertThat(table.get("platform")).asString().startsWith("Java ");
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = (Map<String, Object>) table.get("capabilities");
        assertThat(capabilities)
                .containsEntry("basic.nack", false)
                .containsEntry("custom", true)
                .containsEntry("publisher_confirms", true)
                .containsEntry("authentication_failure_close", true);
    }
}
