package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientRegistryTest {

    private final ClientRegistry registry = ClientRegistry.load();

    @Test
    void theKnownClientsComeFirstInTheirOrderThenOthersByName() {
        assertThat(registry.names())
                .startsWith(
                        "amqp-client",
                        "amqp-client-netty",
                        "pika-select",
                        "pika-select-loop",
                        "pika-blocking",
                        "pika-listener")
                .contains("fake", "fake-failing", "fake-stuck");
        assertThat(registry.driver("amqp-client").description()).contains("blocking");
        assertThat(registry.driver("amqp-client-netty").description()).contains("Netty");
        assertThat(registry.driver("pika-select").description()).contains("SelectConnection", "IoLoop");
        assertThat(registry.driver("pika-select-loop").description())
                .contains("SelectConnection", "publishing on the IoLoop from its callbacks");
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
    void everyKnownClientHasADriver() {
        assertThat(registry.unavailable()).isEmpty();
        assertThat(registry.driver("pika-listener").description())
                .contains("DefaultPikaListenerContainer", "concurrency 1");
        assertThat(registry.describe()).anyMatch(line -> line.contains("pika-listener") && line.contains(" available"));
    }

    @Test
    void aKnownClientWithoutItsAdapterIsReportedWithTheReason() {
        // The platform class loader sees none of the project's classes: as if the starter were not built.
        assertThat(KnownClient.PIKA_LISTENER.unavailableReason(ClassLoader.getPlatformClassLoader()))
                .contains("dev.pika.spring.listener.container.DefaultPikaListenerContainer")
                .contains("not on the class path");
        assertThat(KnownClient.PIKA_LISTENER.unavailableReason(ClientRegistry.class.getClassLoader()))
                .contains("no driver named 'pika-listener' is registered");
    }

    @Test
    void anUnknownClientIsRefusedNamingTheAvailableOnes() {
        assertThatThrownBy(() -> registry.driver("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown client 'nope'")
                .hasMessageContaining(
                        "Available: amqp-client, amqp-client-netty, pika-select, pika-select-loop, pika-blocking,"
                                + " pika-listener");
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
