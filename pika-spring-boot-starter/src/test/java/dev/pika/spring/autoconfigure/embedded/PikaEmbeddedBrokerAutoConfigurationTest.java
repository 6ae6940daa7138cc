package dev.pika.spring.autoconfigure.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.PlainCredentials;
import dev.pika.embedded.EmbeddedBroker;
import dev.pika.spring.autoconfigure.InvalidPikaPropertiesException;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionDetails;
import dev.pika.spring.autoconfigure.PikaConnectionParametersFactory;
import dev.pika.spring.autoconfigure.PropertiesPikaConnectionDetails;
import dev.pika.spring.autoconfigure.diagnostics.InvalidPikaPropertiesFailureAnalyzer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded broker auto-configuration; the enabled cases start a real, in-process Qpid broker. */
@ExtendWith(OutputCaptureExtension.class)
class PikaEmbeddedBrokerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PikaEmbeddedBrokerAutoConfiguration.class,
                    PikaAutoConfiguration.class,
                    SslAutoConfiguration.class));

    @Test
    void isOffByDefault() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedBroker.class);
            assertThat(context).hasSingleBean(PropertiesPikaConnectionDetails.class);
        });
    }

    @Test
    void whenEnabledStartsTheBrokerPointsTheConnectionAtItAndStopsItOnClose(CapturedOutput output) {
        AtomicReference<EmbeddedBroker> started = new AtomicReference<>();
        runner.withPropertyValues(
                        "pika.embedded.enabled=true",
                        "pika.username=app",
                        "pika.password=app-secret",
                        "pika.virtual-host=orders")
                .run(context -> {
                    EmbeddedBroker broker = context.getBean(EmbeddedBroker.class);
                    started.set(broker);
                    assertThat(broker.isRunning()).isTrue();
                    assertThat(context.getBean(PikaConnectionDetails.class))
                            .isInstanceOf(EmbeddedBrokerConnectionDetails.class);
                    assertThat(context).doesNotHaveBean(PropertiesPikaConnectionDetails.class);

                    ConnectionParameters parameters = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0);
                    assertThat(parameters.host()).isEqualTo("127.0.0.1");
                    assertThat(parameters.port()).isEqualTo(broker.port());
                    assertThat(parameters.credentials()).isEqualTo(new PlainCredentials("app", "app-secret"));
                    assertThat(parameters.virtualHost()).isEqualTo("orders");
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(parameters.host(), parameters.port()), 5000);
                        assertThat(socket.isConnected()).isTrue();
                    }
                });

        assertThat(started.get().isRunning()).isFalse();
        List<String> lines = output.getOut()
                .lines()
                .filter(line -> line.contains("embedded AMQP broker"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .contains("on amqp://127.0.0.1:")
                .contains("to use RabbitMQ instead, remove pika.embedded.enabled and set pika.url")
                .doesNotContain("app-secret");
    }

    @Test
    void refusesToStartWithAUrlAndStartsNoBroker() {
        runner.withPropertyValues("pika.embedded.enabled=true", "pika.url=amqp://rabbit.example.com")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasRootCauseInstanceOf(InvalidPikaPropertiesException.class);
                    assertThat(new InvalidPikaPropertiesFailureAnalyzer()
                                    .analyze(context.getStartupFailure())
                                    .getDescription())
                            .contains("pika.embedded.enabled = true: is set together with pika.url");
                    assertThat(Thread.getAllStackTraces().keySet())
                            .noneMatch(thread -> thread.getThreadGroup() != null
                                    && thread.getThreadGroup().getName().equals("pika-embedded-broker"));
                });
    }

    @Test
    void enabledWithoutTheModuleFailsNamingTheDependency() {
        runner.withClassLoader(new FilteredClassLoader(EmbeddedBroker.class))
                .withPropertyValues("pika.embedded.enabled=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new InvalidPikaPropertiesFailureAnalyzer()
                                    .analyze(context.getStartupFailure())
                                    .getAction())
                            .contains("Add the dependency dev.pika:pika-embedded-broker");
                });
    }

    @Test
    void backsOffForAnotherConnectionDetailsBean() {
        runner.withUserConfiguration(ServiceConnectionLike.class)
                .withPropertyValues("pika.embedded.enabled=true")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedBroker.class);
                    assertThat(context.getBean(PikaConnectionParametersFactory.class)
                                    .create()
                                    .get(0)
                                    .host())
                            .isEqualTo("container");
                });
    }

    @Test
    void aTakenPortFailsNamingThePortProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("pika.embedded.enabled=true", "pika.embedded.port=" + taken.getLocalPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(new InvalidPikaPropertiesFailureAnalyzer()
                                        .analyze(context.getStartupFailure())
                                        .getDescription())
                                .contains("pika.embedded.port = " + taken.getLocalPort());
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConnectionLike {
        @Bean
        PikaConnectionDetails containerDetails() {
            return () -> List.of(new PikaConnectionDetails.Address("container", 32768));
        }
    }
}
