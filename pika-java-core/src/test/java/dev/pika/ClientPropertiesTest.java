package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {

    @Test
    void defaultsAdvertiseProductVersionPlatformAndCapabilities() {
        Map<String, Object> table = ClientProperties.defaults();

        assertThat(table).containsOnlyKeys("product", "version", "platform", "information", "capabilities");
        assertThat(table.get("product")).isEqualTo("pika-java");
        assertThat(table.get("platform"))
                .isEqualTo(
                        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        assertThat(table.get("information")).asString().contains("https://pika.readthedocs.io");
        assertThat(table.get("capabilities"))
                .isEqualTo(Map.of(
                        "authentication_failure_close", true,
                        "basic.nack", true,
                        "connection.blocked", true,
                        "consumer_cancel_notify", true,
                        "exchange_exchange_bindings", true,
                        "publisher_confirms", true));
    }

    @Test
    void versionComesFromTheBuildResource() {
        // the build filters src/main/resources-filtered/dev/pika/pika-java-version.properties
        assertThat(ClientProperties.version()).isNotBlank().doesNotContain("${").isNotEqualTo("dev");
        assertThat(ClientProperties.defaults().get("version")).isEqualTo(ClientProperties.version());
    }

    @Test
    void userValuesWinExceptCapabilitiesWhichAreMerged() {
        Map<String, Object> table = ClientProperties.merge(
                Map.of(
                        "product", "billing",
                        "information", "ours",
                        "team", "payments",
                        "capabilities", Map.of("publisher_confirms", false, "x-custom", true)),
                "billing-1");

        assertThat(table)
                .containsEntry("product", "billing")
                .containsEntry("information", "ours")
                .containsEntry("team", "payments")
                .containsEntry("connection_name", "billing-1")
                .containsEntry("version", ClientProperties.version());
        assertThat(table.get("capabilities"))
                .isEqualTo(Map.of(
                        "authentication_failure_close", true,
                        "basic.nack", true,
                        "connection.blocked", true,
                        "consumer_cancel_notify", true,
                        "exchange_exchange_bindings", true,
                        "publisher_confirms", false,
                        "x-custom", true));
    }

    @Test
    void noConnectionNameMeansNoConnectionNameKey() {
        assertThat(ClientProperties.merge(Map.of(), null)).doesNotContainKey("connection_name");
    }

    @Test
    void tablesAreUnmodifiable() {
        Map<String, Object> table = ClientProperties.defaults();
        assertThatThrownBy(() -> table.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = (Map<String, Object>) table.get("capabilities");
        assertThatThrownBy(() -> capabilities.put("x", true)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void capabilitiesThatAreNotATableAreRefused() {
        assertThatThrownBy(() -> ClientProperties.merge(Map.of("capabilities", true), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientProperties: 'capabilities' must be a table");
    }
}
