package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientRegistryTest {

    private final ClientRegistry registry = ClientRegistry.load();

    @Test
    void theKnownClientsComeFirstInTheirOrderThenOthersByName() {
        assertThat(registry.names())
                .startsWith("amqp-client", "amqp-client-netty", "pika-select", "pika-blocking")
                .contains("fake", "fake-failing", "fake-stuck");
        assertThat(registry.driver("amqp-client").description()).contains("blocking");
        assertThat(registry.driver("amqp-client-netty").description()).contains("Netty");
        assertThat(registry.driver("pika-select").description()).contains("SelectConnection", "IoLoop");
        assertThat(registry.driver("pika-blocking").description()).contains("BlockingConnection");
    }

    @Test
    void everyKnownClientIsEitherAvailableOrReportedWithTheReason() {
        for (KnownClient known : KnownClient.values()) {
            assertThat(registry.isAvailable(known.clientName()))
                    .as(known.clientName())
                    .isNotEqualTo(registry.unavailable().containsKey(known.clientName()));
        }
        assertThat(registry.unavailable())
                .doesNotContainKeys("amqp-client", "amqp-client-netty", "pika-select", "pika-blocking");
    }

    @Test
    void anUnavailableOrUnknownClientIsRefusedWithTheReason() {
        // pika-benchmarks registers no driver for the starter's listener container (yet): it stands for any missing
        // one.
        assertThat(registry.isAvailable("pika-listener")).isFalse();
        assertThat(registry.unavailable().get("pika-listener")).contains("dev.pika.spring.annotation.PikaListener");
        assertThatThrownBy(() -> registry.driver("pika-listener"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client 'pika-listener' is unavailable")
                .hasMessageContaining("Available: amqp-client, amqp-client-netty, pika-select, pika-blocking");
        assertThatThrownBy(() -> registry.driver("nope")).hasMessageContaining("unknown client 'nope'");
        assertThat(registry.describe())
                .anyMatch(line -> line.contains("pika-listener") && line.contains("unavailable"))
                .anyMatch(line -> line.contains("pika-select") && line.contains(" available"));
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
