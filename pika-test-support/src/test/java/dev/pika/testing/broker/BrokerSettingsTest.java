package dev.pika.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsWalkTheFallbackOrderOnLocalhost5672() {
        BrokerSettings settings = BrokerSettings.from(new Properties(), Map.of());

        assertThat(settings.choice()).isEqualTo(BrokerChoice.AUTO);
        assertThat(settings.uri()).isNull();
        assertThat(settings.uriSource()).isEqualTo("PIKA_TEST_URI");
        assertThat(settings.localHost()).isEqualTo("localhost");
        assertThat(settings.localPort()).isEqualTo(5672);
        assertThat(settings.rabbitMqImage()).isEqualTo(BrokerSettings.DEFAULT_RABBITMQ_IMAGE);
        assertThat(settings.reportDir()).isEqualTo(Path.of("target"));
    }

    @Test
    void environmentVariablesAreRead() {
        BrokerSettings settings = BrokerSettings.from(
                new Properties(),
                Map.of(
                        "PIKA_TEST_URI", "amqp://u:p@h:1/v",
                        "PIKA_TEST_BROKER", "QPID",
                        "PIKA_TEST_LOCAL_PORT", "5673",
                        "PIKA_TEST_LOCAL_HOST", "127.0.0.1"));

        assertThat(settings.uri()).isEqualTo("amqp://u:p@h:1/v");
        assertThat(settings.choice()).isEqualTo(BrokerChoice.QPID);
        assertThat(settings.choiceSource()).isEqualTo("PIKA_TEST_BROKER");
        assertThat(settings.localPort()).isEqualTo(5673);
        assertThat(settings.localHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        BrokerSettings settings = BrokerSettings.from(
                props("pika.test.broker", "rabbitmq", "pika.test.localPort", "6000", "pika.test.reportDir", "out"),
                Map.of("PIKA_TEST_BROKER", "qpid", "PIKA_TEST_LOCAL_PORT", "5673"));

        assertThat(settings.choice()).isEqualTo(BrokerChoice.RABBITMQ);
        assertThat(settings.choiceSource()).isEqualTo("pika.test.broker");
        assertThat(settings.localPort()).isEqualTo(6000);
        assertThat(settings.reportDir()).isEqualTo(Path.of("out"));
    }

    @Test
    void aBlankValueCountsAsUnset() {
        BrokerSettings settings = BrokerSettings.from(props("pika.test.broker", " "), Map.of("PIKA_TEST_URI", "  "));

        assertThat(settings.choice()).isEqualTo(BrokerChoice.AUTO);
        assertThat(settings.uri()).isNull();
    }

    @Test
    void anUnknownChoiceNamesTheSettingAndTheAcceptedValues() {
        assertThatThrownBy(() -> BrokerSettings.from(new Properties(), Map.of("PIKA_TEST_BROKER", "docker")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PIKA_TEST_BROKER=docker")
                .hasMessageContaining("auto|uri|rabbitmq|testcontainers|qpid");
    }

    @Test
    void aBadPortNamesTheSetting() {
        assertThatThrownBy(() -> BrokerSettings.from(props("pika.test.localPort", "70000"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pika.test.localPort=70000")
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> BrokerSettings.from(new Properties(), Map.of("PIKA_TEST_LOCAL_PORT", "abc")))
                .hasMessageContaining("PIKA_TEST_LOCAL_PORT=abc");
    }

    @Test
    void forcingTheUriWithoutOneSaysWhatToSet() {
        assertThatThrownBy(() -> BrokerSettings.from(new Properties(), Map.of("PIKA_TEST_BROKER", "uri")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set PIKA_TEST_URI");
    }
}
