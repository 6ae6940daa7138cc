package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pika.ConnectionParameters;
import dev.pika.ExternalCredentials;
import dev.pika.PlainCredentials;
import dev.pika.SslOptions;
import dev.pika.TcpOptions;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException.Violation;
import dev.pika.spring.autoconfigure.PikaConnectionDetails.Address;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapping of every property onto {@link ConnectionParameters}, without a Spring context. */
class PikaConnectionParametersFactoryTest {

    @Test
    void defaultsArePikasDefaults() {
        ConnectionParameters parameters = single();

        assertThat(parameters).isEqualTo(ConnectionParameters.defaults());
    }

    @Test
    void hostPortVirtualHostAndCredentialsMap() {
        ConnectionParameters parameters = single(
                "pika.host=rabbit.example.com",
                "pika.port=5673",
                "pika.virtual-host=orders",
                "pika.username=app",
                "pika.password=s3cret");

        assertThat(parameters.host()).isEqualTo("rabbit.example.com");
        assertThat(parameters.port()).isEqualTo(5673);
        assertThat(parameters.virtualHost()).isEqualTo("orders");
        assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("app", "s3cret"));
        assertThat(parameters.sslOptions()).isEmpty();
    }

    @Test
    void connectionSettingsMap() {
        ConnectionParameters parameters = single(
                "pika.heartbeat=30",
                "pika.connection-timeout=3s",
                "pika.blocked-connection-timeout=1m",
                "pika.channel-max=100",
                "pika.frame-max=8192",
                "pika.max-inbound-message-body-size=1MB",
                "pika.connection-name=orders-service",
                "pika.client-properties.team=payments");

        assertThat(parameters.heartbeat()).contains(Duration.ofSeconds(30));
        assertThat(parameters.socketTimeout()).contains(Duration.ofSeconds(3));
        assertThat(parameters.blockedConnectionTimeout()).contains(Duration.ofMinutes(1));
        assertThat(parameters.channelMax()).isEqualTo(100);
        assertThat(parameters.frameMax()).isEqualTo(8192);
        assertThat(parameters.maxInboundMessageBodySize()).isEqualTo(1024 * 1024);
        assertThat(parameters.connectionName()).contains("orders-service");
        assertThat(parameters.clientProperties()).containsEntry("team", "payments");
        assertThat(parameters.startOkClientProperties()).containsEntry("connection_name", "orders-service");
    }

    @Test
    void zeroHeartbeatTurnsHeartbeatsOffAndZeroConnectionTimeoutWaitsForever() {
        ConnectionParameters parameters = single("pika.heartbeat=0", "pika.connection-timeout=0");

        assertThat(parameters.heartbeat()).contains(Duration.ZERO);
        assertThat(parameters.negotiateHeartbeat(60)).isZero();
        assertThat(parameters.socketTimeout()).isEmpty();
    }

    @Test
    void theApplicationNameIsTheDefaultConnectionName() {
        PikaProperties properties = Bind.validated();
        List<ConnectionParameters> named = factory(
                        properties, new PropertiesPikaConnectionDetails(properties, null), List.of(), "orders-app")
                .create();

        assertThat(named.get(0).connectionName()).contains("orders-app");
    }

    @Test
    void anExplicitConnectionNameWinsOverTheApplicationName() {
        PikaProperties properties = Bind.validated("pika.connection-name=explicit");
        List<ConnectionParameters> named = factory(
                        properties, new PropertiesPikaConnectionDetails(properties, null), List.of(), "orders-app")
                .create();

        assertThat(named.get(0).connectionName()).contains("explicit");
    }

    @Test
    void urlWinsOverHostPortAndCredentialsAndKeepsItsQuery() {
        ConnectionParameters parameters = single(
                "pika.url=amqp://app:s%40cret@rabbit-1:5680/orders?heartbeat=15&channel_max=10",
                "pika.host=ignored",
                "pika.port=1234",
                "pika.username=ignored",
                "pika.password=ignored",
                "pika.virtual-host=ignored");

        assertThat(parameters.host()).isEqualTo("rabbit-1");
        assertThat(parameters.port()).isEqualTo(5680);
        assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("app", "s@cret"));
        assertThat(parameters.virtualHost()).isEqualTo("orders");
        assertThat(parameters.heartbeat()).contains(Duration.ofSeconds(15));
        assertThat(parameters.channelMax()).isEqualTo(10);
    }

    @Test
    void aUrlWithoutUserOrVirtualHostTakesThemFromProperties() {
        ConnectionParameters parameters =
                single("pika.url=amqp://rabbit-1", "pika.username=app", "pika.password=pw", "pika.virtual-host=orders");

        assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("app", "pw"));
        assertThat(parameters.virtualHost()).isEqualTo("orders");
        assertThat(parameters.port()).isEqualTo(5672);
    }

    @Test
    void aPropertyAgreeingWithTheUrlQueryIsFine() {
        assertThat(single("pika.url=amqp://h?heartbeat=15", "pika.heartbeat=15s")
                        .heartbeat())
                .contains(Duration.ofSeconds(15));
    }

    @Test
    void aPropertyContradictingTheUrlQueryFailsNamingBoth() {
        Violation violation = failure(
                        "pika.url=amqp://h?heartbeat=15&frame_max=8192", "pika.heartbeat=20", "pika.frame-max=8192")
                .getViolations()
                .get(0);

        assertThat(violation.property()).isEqualTo("pika.heartbeat");
        assertThat(violation.problem()).isEqualTo("conflicts with heartbeat=PT15S in the query of pika.url");
        assertThat(violation.action())
                .isEqualTo("Set it in one place only: remove pika.heartbeat or remove heartbeat from pika.url.");
    }

    @Test
    void addressesMixHostPortEntriesAndUrlsInOrder() {
        List<ConnectionParameters> parameters = create(
                "pika.addresses=rabbit-1:5673,rabbit-2,[::1]:5674,amqp://rabbit-4:5675?heartbeat=5",
                "pika.username=app",
                "pika.password=pw");

        assertThat(parameters)
                .extracting(p -> p.host() + ":" + p.port())
                .containsExactly("rabbit-1:5673", "rabbit-2:5672", "::1:5674", "rabbit-4:5675");
        assertThat(parameters)
                .allSatisfy(p -> assertThat(p.credentials()).isEqualTo(new PlainCredentials("app", "pw")));
        assertThat(parameters.get(3).heartbeat()).contains(Duration.ofSeconds(5));
        assertThat(parameters.get(0).heartbeat()).isEmpty();
    }

    @Test
    void addressesAreShuffledWhenAsked() {
        PikaProperties properties = Bind.validated("pika.addresses=a,b,c,d,e", "pika.shuffle-addresses=true");
        PikaConnectionParametersFactory factory =
                factory(properties, new PropertiesPikaConnectionDetails(properties, null), List.of(), null);

        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<String> hosts =
                    factory.create().stream().map(ConnectionParameters::host).toList();
            assertThat(hosts).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
            orders.add(hosts);
        }
        assertThat(orders).hasSizeGreaterThan(1);
    }

    @Test
    void addressesKeepTheirOrderByDefault() {
        for (int i = 0; i < 10; i++) {
            assertThat(create("pika.addresses=a,b,c,d,e"))
                    .extracting(ConnectionParameters::host)
                    .containsExactly("a", "b", "c", "d", "e");
        }
    }

    @Test
    void malformedAddressesFailNamingTheEntry() {
        List<Violation> violations = failure("pika.addresses=rabbit-1:x,::1,rabbit-1,rabbit-1:5672,amqp://h/a/b")
                .getViolations();

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly("pika.addresses[0]", "pika.addresses[1]", "pika.addresses[4]", "pika.addresses[3]");
        assertThat(violations.get(0).problem()).isEqualTo("has an invalid port 'x'");
        assertThat(violations.get(1).problem()).contains("[address]:port");
        assertThat(violations.get(2).problem()).startsWith("AMQP URL:");
        assertThat(violations.get(3).problem()).isEqualTo("repeats an earlier address");
    }

    @Test
    void addressesDisagreeingOnCredentialsFail() {
        Violation violation = failure("pika.addresses=amqp://a:x@h1,amqp://b:zz9secret@h2")
                .getViolations()
                .get(0);

        assertThat(violation.property()).isEqualTo("pika.addresses[1]");
        assertThat(violation.problem()).isEqualTo("logs in differently from an earlier address");
        assertThat(violation.toString()).doesNotContain("zz9secret");
    }

    @Test
    void sslEnabledUsesTlsWithTheJdkTrustOnPort5671() {
        ConnectionParameters parameters = single("pika.ssl.enabled=true");

        assertThat(parameters.port()).isEqualTo(5671);
        assertThat(parameters.sslOptions()).contains(SslOptions.defaults());
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() {
        ConnectionParameters parameters = single("pika.ssl.enabled=true", "pika.ssl.verify-hostname=false");

        assertThat(parameters.sslOptions().orElseThrow().verifyHostname()).isFalse();
    }

    @Test
    void amqpsUrlTurnsTlsOnAndVerifyHostnameApplies() {
        ConnectionParameters parameters = single("pika.url=amqps://rabbit", "pika.ssl.verify-hostname=false");

        assertThat(parameters.port()).isEqualTo(5671);
        assertThat(parameters.sslOptions().orElseThrow().verifyHostname()).isFalse();
    }

    @Test
    void tlsRequestedWithAPlainUrlFails() {
        Violation violation = failure("pika.url=amqp://rabbit", "pika.ssl.enabled=true")
                .getViolations()
                .get(0);

        assertThat(violation.property()).isEqualTo("pika.ssl.enabled");
        assertThat(violation.problem()).isEqualTo("but pika.url (amqp://rabbit) is a plain-TCP amqp:// URL");
        assertThat(violation.action()).isEqualTo("Use amqps:// in pika.url, or remove pika.ssl.enabled.");
    }

    @Test
    void tlsRefusedWithAnAmqpsUrlFails() {
        assertThat(failure("pika.url=amqps://rabbit", "pika.ssl.enabled=false")
                        .getViolations()
                        .get(0)
                        .problem())
                .isEqualTo("but pika.url (amqps://rabbit) asks for TLS");
    }

    @Test
    void aBundleWithAPlainUrlFails() {
        Violation violation = failure("pika.url=amqp://rabbit", "pika.ssl.bundle=client")
                .getViolations()
                .get(0);

        assertThat(violation.property()).isEqualTo("pika.ssl.bundle");
        assertThat(violation.action()).isEqualTo("Use amqps:// in pika.url, or remove pika.ssl.bundle.");
    }

    @Test
    void externalAuthenticationIsKeptAndNeedsTls() {
        ConnectionParameters parameters = single("pika.url=amqps://rabbit?auth_mechanism=external");
        assertThat(parameters.credentials()).isInstanceOf(ExternalCredentials.class);

        Violation violation = failure("pika.url=amqp://rabbit?auth_mechanism=external")
                .getViolations()
                .get(0);
        assertThat(violation.property()).isEqualTo("pika.url");
        assertThat(violation.problem()).contains("without TLS");
    }

    @Test
    void anUnknownBundleFailsListingTheKnownOnes() {
        PikaProperties properties = Bind.validated("pika.ssl.bundle=missing");

        InvalidPikaPropertiesException exception = catchThrowableOfType(
                InvalidPikaPropertiesException.class, () -> new PropertiesPikaConnectionDetails(properties, null));

        assertThat(exception.getViolations().get(0).problem()).contains("no SslBundles bean");
    }

    @Test
    void connectionDetailsBeansReplaceTheAddressAndLogin() {
        PikaProperties properties = Bind.validated("pika.host=ignored", "pika.heartbeat=7", "pika.username=ignored");
        PikaConnectionDetails details = new PikaConnectionDetails() {
            @Override
            public List<Address> getAddresses() {
                return List.of(new Address("container-host", 32768));
            }

            @Override
            public String getUsername() {
                return "admin";
            }

            @Override
            public String getPassword() {
                return "admin-pw";
            }
        };

        ConnectionParameters parameters =
                factory(properties, details, List.of(), null).create().get(0);

        assertThat(parameters.host()).isEqualTo("container-host");
        assertThat(parameters.port()).isEqualTo(32768);
        assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("admin", "admin-pw"));
        assertThat(parameters.virtualHost()).isEqualTo("/");
        assertThat(parameters.heartbeat()).contains(Duration.ofSeconds(7));
    }

    @Test
    void customizersRunLastInTheirOrder() {
        PikaProperties properties = Bind.validated("pika.connection-name=from-properties");
        List<ConnectionParametersCustomizer> customizers = List.of(
                builder -> builder.connectionName("first")
                        .tcpOptions(TcpOptions.builder().keepAlive(true).build()),
                builder -> builder.clientProperties(Map.of("order", "second")));

        ConnectionParameters parameters = factory(
                        properties, new PropertiesPikaConnectionDetails(properties, null), customizers, null)
                .create()
                .get(0);

        assertThat(parameters.connectionName()).contains("first");
        assertThat(parameters.tcpOptions().keepAlive()).isTrue();
        assertThat(parameters.clientProperties()).containsEntry("order", "second");
    }

    @Test
    void aCustomizerSettingABadValueFailsNamingIt() {
        PikaProperties properties = Bind.validated();
        ConnectionParametersCustomizer bad = builder -> builder.frameMax(1);

        InvalidPikaPropertiesException exception = catchThrowableOfType(
                InvalidPikaPropertiesException.class,
                () -> factory(properties, new PropertiesPikaConnectionDetails(properties, null), List.of(bad), null));

        Violation violation = exception.getViolations().get(0);
        assertThat(violation.property()).startsWith("ConnectionParametersCustomizer ");
        assertThat(violation.problem()).contains("frameMax must be between 4096 and 131072");
    }

    @Test
    void detailsWithoutAddressFail() {
        PikaProperties properties = Bind.validated();
        PikaConnectionDetails empty = List::of;

        InvalidPikaPropertiesException exception = catchThrowableOfType(
                InvalidPikaPropertiesException.class, () -> factory(properties, empty, List.of(), null));

        assertThat(exception.getViolations().get(0).problem()).isEqualTo("gives no broker address");
    }

    @Test
    void addressRecordChecksItsValues() {
        assertThat(new Address("::1", 5672).toString()).isEqualTo("[::1]:5672");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new Address("h", 0)))
                .hasMessage("port must be between 1 and 65535, but was 0");
    }

    private static ConnectionParameters single(String... pairs) {
        List<ConnectionParameters> all = create(pairs);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static List<ConnectionParameters> create(String... pairs) {
        PikaProperties properties = Bind.validated(pairs);
        return factory(properties, new PropertiesPikaConnectionDetails(properties, null), List.of(), null)
                .create();
    }

    private static InvalidPikaPropertiesException failure(String... pairs) {
        return catchThrowableOfType(InvalidPikaPropertiesException.class, () -> create(pairs));
    }

    private static PikaConnectionParametersFactory factory(
            PikaProperties properties,
            PikaConnectionDetails details,
            List<ConnectionParametersCustomizer> customizers,
            String applicationName) {
        return new PikaConnectionParametersFactory(properties, details, customizers, applicationName);
    }
}
