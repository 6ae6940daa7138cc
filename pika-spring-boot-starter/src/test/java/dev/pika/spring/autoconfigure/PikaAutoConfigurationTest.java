package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.SslOptions;
import dev.pika.spring.autoconfigure.diagnostics.InvalidPikaPropertiesFailureAnalyzer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class PikaAutoConfigurationTest {

    @TempDir
    static Path keys;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PikaAutoConfiguration.class, SslAutoConfiguration.class));

    /** A self-signed certificate in PEM, made with the JDK's keytool, as the trust of an SSL bundle. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keys.resolve("broker.p12").toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keys.resolve("broker.p12").toString(),
                "-storepass",
                "changeit",
                "-file",
                keys.resolve("ca.pem").toString());
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void providesPropertiesDetailsAndParametersFactory() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PikaProperties.class);
            assertThat(context).hasSingleBean(PropertiesPikaConnectionDetails.class);
            assertThat(context).hasSingleBean(PikaConnectionParametersFactory.class);
            List<ConnectionParameters> parameters =
                    context.getBean(PikaConnectionParametersFactory.class).create();
            assertThat(parameters).containsExactly(ConnectionParameters.defaults());
        });
    }

    @Test
    void onlyAUrlIsNeeded() {
        runner.withPropertyValues("pika.url=amqp://app:pw@rabbit.example.com:5673/orders?heartbeat=20")
                .run(context -> {
                    ConnectionParameters parameters = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0);
                    assertThat(parameters.host()).isEqualTo("rabbit.example.com");
                    assertThat(parameters.port()).isEqualTo(5673);
                    assertThat(parameters.virtualHost()).isEqualTo("orders");
                    assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("app", "pw"));
                    assertThat(parameters.heartbeat()).contains(Duration.ofSeconds(20));
                });
    }

    @Test
    void theApplicationNameNamesTheConnection() {
        runner.withPropertyValues("spring.application.name=orders-app")
                .run(context -> assertThat(context.getBean(PikaConnectionParametersFactory.class)
                                .create()
                                .get(0)
                                .connectionName())
                        .contains("orders-app"));
    }

    @Test
    void aConnectionDetailsBeanReplacesTheOneFromProperties() {
        runner.withUserConfiguration(CustomDetails.class)
                .withPropertyValues("pika.host=ignored", "pika.heartbeat=9")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PropertiesPikaConnectionDetails.class);
                    ConnectionParameters parameters = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0);
                    assertThat(parameters.host()).isEqualTo("from-bean");
                    assertThat(parameters.port()).isEqualTo(6000);
                    assertThat(parameters.heartbeat()).contains(Duration.ofSeconds(9));
                });
    }

    @Test
    void anApplicationFactoryReplacesOurs() {
        runner.withUserConfiguration(CustomFactory.class).run(context -> {
            assertThat(context).hasSingleBean(PikaConnectionParametersFactory.class);
            assertThat(context.getBean(PikaConnectionParametersFactory.class))
                    .isSameAs(context.getBean(CustomFactory.class).factory);
        });
    }

    @Test
    void customizerBeansAreAppliedInOrder() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            ConnectionParameters parameters = context.getBean(PikaConnectionParametersFactory.class)
                    .create()
                    .get(0);
            assertThat(parameters.connectionName()).contains("second");
            assertThat(parameters.clientProperties()).containsEntry("first", "yes");
        });
    }

    @Test
    void anSslBundleSuppliesTheTlsContextProtocolsAndPort() {
        runner.withPropertyValues(
                        "spring.ssl.bundle.pem.broker.truststore.certificate=file:" + keys.resolve("ca.pem"),
                        "spring.ssl.bundle.pem.broker.options.enabled-protocols=TLSv1.3",
                        "pika.host=rabbit.example.com",
                        "pika.ssl.bundle=broker",
                        "pika.ssl.verify-hostname=false")
                .run(context -> {
                    ConnectionParameters parameters = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0);
                    SslOptions ssl = parameters.sslOptions().orElseThrow();
                    assertThat(parameters.port()).isEqualTo(5671);
                    assertThat(ssl.contextSupplied()).isTrue();
                    assertThat(ssl.protocols()).containsExactly("TLSv1.3");
                    assertThat(ssl.verifyHostname()).isFalse();
                    assertThat(context.getBean(PikaConnectionDetails.class).getSslBundle())
                            .isNotNull();
                });
    }

    @Test
    void anSslBundleWithAnAmqpsUrlReplacesTheDefaultTrust() {
        runner.withPropertyValues(
                        "spring.ssl.bundle.pem.broker.truststore.certificate=file:" + keys.resolve("ca.pem"),
                        "pika.url=amqps://rabbit.example.com",
                        "pika.ssl.bundle=broker")
                .run(context -> {
                    SslOptions ssl = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0)
                            .sslOptions()
                            .orElseThrow();
                    assertThat(ssl.contextSupplied()).isTrue();
                    assertThat(ssl).isNotEqualTo(SslOptions.defaults());
                });
    }

    @Test
    void anUnknownSslBundleFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("pika.ssl.bundle=nope").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidPikaPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("pika.ssl.bundle = nope: no SSL bundle named 'nope' is configured");
            assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.nope");
        });
    }

    @Test
    void invalidPropertiesFailStartUpWithAnAnalysisNamingEachPropertyAndFix() {
        runner.withPropertyValues("pika.frame-max=100", "pika.listener.concurrency=4", "pika.listener.prefetch=2")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasRootCauseInstanceOf(InvalidPikaPropertiesException.class);
                    FailureAnalysis analysis =
                            new InvalidPikaPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("pika.frame-max = 100: frameMax must be between 4096 and 131072")
                            .contains("pika.listener.prefetch = 2: is below pika.listener.concurrency (4)");
                    assertThat(analysis.getAction())
                            .contains("pika.listener.prefetch: Raise pika.listener.prefetch to at least 4");
                });
    }

    @Test
    void aUrlQueryConflictFailsStartUp() {
        runner.withPropertyValues("pika.url=amqp://h?heartbeat=10", "pika.heartbeat=20")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new InvalidPikaPropertiesFailureAnalyzer()
                                    .analyze(context.getStartupFailure())
                                    .getDescription())
                            .contains(
                                    "pika.heartbeat = PT20S: conflicts with heartbeat=PT10S in the query of pika.url");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomDetails {
        @Bean
        PikaConnectionDetails customDetails() {
            return () -> List.of(new PikaConnectionDetails.Address("from-bean", 6000));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomFactory {
        final PikaConnectionParametersFactory factory;

        CustomFactory() {
            PikaProperties properties = Bind.validated("pika.host=custom");
            factory = new PikaConnectionParametersFactory(
                    properties, new PropertiesPikaConnectionDetails(properties, null), List.of(), null);
        }

        @Bean
        PikaConnectionParametersFactory customFactory() {
            return factory;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        ConnectionParametersCustomizer second() {
            return builder -> builder.connectionName("second");
        }

        @Bean
        @Order(1)
        ConnectionParametersCustomizer first() {
            return builder -> builder.connectionName("first").clientProperties(java.util.Map.of("first", "yes"));
        }
    }
}
