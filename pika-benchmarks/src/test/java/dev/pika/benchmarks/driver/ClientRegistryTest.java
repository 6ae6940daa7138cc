package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientRegistryTest {

    private final ClientRegistry registry = ClientRegistry.load();

    @Test
    void theRabbitMqJavaClientDriversComeFirstThenOthersByName() {
        assertThat(registry.names())
                .startsWith("amqp-client", "amqp-client-netty")
                .contains("fake", "fake-failing", "fake-stuck");
        assertThat(registry.driver("amqp-client").description()).contains("blocking");
        assertThat(registry.driver("amqp-client-netty").description()).contains("Netty");
    }

    @Test
    void knownClientsWithoutADriverAreReportedWithTheReason() {
        assertThat(registry.unavailable()).containsOnlyKeys("pika-select", "pika-blocking", "pika-listener");
        assertThat(registry.unavailable().get("pika-select")).contains("dev.pika.adapters.select.SelectConnection");
        assertThat(registry.isAvailable("pika-select")).isFalse();
        assertThatThrownBy(() -> registry.driver("pika-select"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client 'pika-select' is unavailable")
                .hasMessageContaining("Available: amqp-client, amqp-client-netty");
        assertThatThrownBy(() -> registry.driver("nope")).hasMessageContaining("unknown client 'nope'");
        assertThat(registry.describe())
                .anyMatch(line -> line.contains("pika-blocking") && line.contains("unavailable"))
                .anyMatch(line -> line.contains("amqp-client") && line.contains("available"));
    }

    @Test
    void everyKnownClientNameIsDistinct() {
        assertThat(KnownClient.values())
                .extracting(KnownClient::clientName)
                .doesNotHaveDuplicates()
                .contains(KnownClient.BASELINE);
        assertThat(KnownClient.byName("pika-listener")).contains(KnownClient.PIKA_LISTENER);
        assertThat(KnownClient.byName("other")).isEmpty();
    }
}
