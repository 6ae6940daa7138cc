package dev.pika.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.testing.BrokerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerSelectorTest {

    /** Scripted options that record what the selector asked for. */
    private static final class FakeOptions implements BrokerSelector.Options {
        final List<String> calls = new ArrayList<>();
        ProbeResult uri = ProbeResult.failed("h:1 refused connection");
        ProbeResult local = ProbeResult.failed("localhost:5672 refused connection");
        String docker = "Docker not available";
        RuntimeException containerFailure;
        RuntimeException qpidFailure;
        boolean qpidStopped;

        @Override
        public ProbeResult probeUri(String value, String source) {
            calls.add("uri " + value);
            return uri;
        }

        @Override
        public ProbeResult probeLocal(String host, int port) {
            calls.add("local " + host + ":" + port);
            return local;
        }

        @Override
        public String dockerUnavailableReason() {
            calls.add("docker?");
            return docker;
        }

        @Override
        public StartedBroker startTestcontainers(String image) {
            calls.add("container " + image);
            if (containerFailure != null) {
                throw containerFailure;
            }
            return new StartedBroker("Testcontainers " + image, "localhost", 32768, "guest", "guest", () -> {});
        }

        @Override
        public StartedBroker startQpid() {
            calls.add("qpid");
            if (qpidFailure != null) {
                throw qpidFailure;
            }
            return new StartedBroker(
                    "embedded Qpid Broker-J 9.2.1", "127.0.0.1", 40123, "guest", "guest", () -> qpidStopped = true);
        }

        @Override
        public ProbeResult probeStarted(StartedBroker started) {
            calls.add("probe started " + started.port());
            boolean qpid = started.description().contains("Qpid");
            return ProbeResult.answered(new BrokerEndpoint(
                    qpid ? BrokerKind.QPID : BrokerKind.RABBITMQ,
                    qpid ? "qpid" : "RabbitMQ",
                    qpid ? "9.2.1" : "4.1.4",
                    false,
                    started.host(),
                    started.port(),
                    started.username(),
                    started.password(),
                    "/"));
        }
    }

    private static BrokerEndpoint rabbit(String host, int port) {
        return new BrokerEndpoint(BrokerKind.RABBITMQ, "RabbitMQ", "3.10.8", false, host, port, "guest", "guest", "/");
    }

    private static BrokerSettings settings(Map<String, String> environment) {
        return BrokerSettings.from(new Properties(), environment);
    }

    @Test
    void theUriComesFirstAndNothingElseIsTried() {
        FakeOptions options = new FakeOptions();
        options.uri = ProbeResult.answered(rabbit("broker.example", 5672));

        SelectedBroker selected =
                BrokerSelector.select(settings(Map.of("PIKA_TEST_URI", "amqp://guest:guest@broker.example")), options);

        assertThat(options.calls).containsExactly("uri amqp://guest:guest@broker.example");
        assertThat(selected.started()).isNull();
        assertThat(selected.line())
                .isEqualTo("[pika-test] broker: RabbitMQ 3.10.8 at amqp://guest:***@broker.example:5672/%2F"
                        + " (from PIKA_TEST_URI)");
    }

    @Test
    void aUriThatDoesNotAnswerIsAnErrorNotAFallback() {
        FakeOptions options = new FakeOptions();

        assertThatThrownBy(() -> BrokerSelector.select(settings(Map.of("PIKA_TEST_URI", "amqp://h:1")), options))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("h:1 refused connection")
                .hasMessageContaining("unset PIKA_TEST_URI");
        assertThat(options.calls).containsExactly("uri amqp://h:1");
    }

    @Test
    void aLocalRabbitMqIsUsedWhenItAnswers() {
        FakeOptions options = new FakeOptions();
        options.local = ProbeResult.answered(rabbit("localhost", 5672));

        SelectedBroker selected = BrokerSelector.select(settings(Map.of()), options);

        assertThat(options.calls).containsExactly("local localhost:5672");
        assertThat(selected.line())
                .isEqualTo("[pika-test] broker: local RabbitMQ 3.10.8 on localhost:5672 (PIKA_TEST_URI unset)");
    }

    @Test
    void withoutLocalBrokerAndDockerTheEmbeddedQpidIsStartedAndEveryReasonIsPrinted() {
        FakeOptions options = new FakeOptions();

        SelectedBroker selected = BrokerSelector.select(settings(Map.of()), options);

        assertThat(options.calls).containsExactly("local localhost:5672", "docker?", "qpid", "probe started 40123");
        assertThat(selected.endpoint().kind()).isEqualTo(BrokerKind.QPID);
        assertThat(selected.started()).isNotNull();
        assertThat(selected.line())
                .isEqualTo("[pika-test] broker: embedded Qpid Broker-J 9.2.1 on 127.0.0.1:40123"
                        + " (PIKA_TEST_URI unset; localhost:5672 refused connection; Docker not available)");
    }

    @Test
    void theProbedPortCanBeMovedToShowTheFallback() {
        FakeOptions options = new FakeOptions();
        options.local = ProbeResult.failed("localhost:5999 refused connection");

        BrokerSelector.select(settings(Map.of("PIKA_TEST_LOCAL_PORT", "5999")), options);

        assertThat(options.calls).startsWith("local localhost:5999");
    }

    @Test
    void dockerComesBeforeQpid() {
        FakeOptions options = new FakeOptions();
        options.docker = null;

        SelectedBroker selected = BrokerSelector.select(settings(Map.of()), options);

        assertThat(options.calls)
                .containsExactly(
                        "local localhost:5672",
                        "docker?",
                        "container " + BrokerSettings.DEFAULT_RABBITMQ_IMAGE,
                        "probe started 32768");
        assertThat(selected.description()).isEqualTo("Testcontainers rabbitmq:4-management on localhost:32768");
    }

    @Test
    void aContainerThatFailsToStartFallsBackToQpidWithItsReason() {
        FakeOptions options = new FakeOptions();
        options.docker = null;
        options.containerFailure = new IllegalStateException("pull refused");

        SelectedBroker selected = BrokerSelector.select(settings(Map.of()), options);

        assertThat(selected.endpoint().kind()).isEqualTo(BrokerKind.QPID);
        assertThat(selected.reasons()).contains("Testcontainers RabbitMQ did not start (pull refused)");
    }

    @Test
    void forcingQpidSkipsTheOtherOptionsEvenWithAUri() {
        FakeOptions options = new FakeOptions();
        options.local = ProbeResult.answered(rabbit("localhost", 5672));

        SelectedBroker selected = BrokerSelector.select(
                settings(Map.of("PIKA_TEST_BROKER", "qpid", "PIKA_TEST_URI", "amqp://elsewhere")), options);

        assertThat(options.calls).containsExactly("qpid", "probe started 40123");
        assertThat(selected.line()).endsWith("(forced by PIKA_TEST_BROKER=qpid)");
    }

    @Test
    void aForcedLocalRabbitMqThatIsDownIsAnErrorNotAFallback() {
        FakeOptions options = new FakeOptions();

        assertThatThrownBy(() -> BrokerSelector.select(settings(Map.of("PIKA_TEST_BROKER", "rabbitmq")), options))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("localhost:5672 refused connection")
                .hasMessageContaining("rabbitmq-server -detached");
        assertThat(options.calls).containsExactly("local localhost:5672");
    }

    @Test
    void forcedTestcontainersWithoutDockerIsAnError() {
        FakeOptions options = new FakeOptions();

        assertThatThrownBy(() -> BrokerSelector.select(settings(Map.of("PIKA_TEST_BROKER", "testcontainers")), options))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("Docker not available");
        assertThat(options.calls).containsExactly("docker?");
    }

    @Test
    void whenEvenQpidFailsTheErrorListsEveryReason() {
        FakeOptions options = new FakeOptions();
        options.qpidFailure = new IllegalStateException("port in use");

        assertThatThrownBy(() -> BrokerSelector.select(settings(Map.of()), options))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("localhost:5672 refused connection")
                .hasMessageContaining("Docker not available")
                .hasMessageContaining("port in use");
    }
}
