package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The node options refuse what would break the node's files or configuration, naming the fix. */
class LocalRabbitMqNodeOptionsTest {

    @Test
    void pluginNamesAndFileNamesAreChecked() {
        LocalRabbitMqNode.Options options = LocalRabbitMqNode.Options.defaults();

        assertThatThrownBy(() -> options.plugin("rabbitmq_auth_mechanism_ssl]."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plugin must be a plugin name");
        assertThatThrownBy(() -> options.file("../escape.pem", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain name");
        assertThatThrownBy(() -> options.file(".hidden", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.config(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFreeLoopbackPortIsAUsablePortNumber() {
        org.assertj.core.api.Assertions.assertThat(LocalRabbitMqNode.freeLoopbackPort())
                .isBetween(1, 65535);
    }
}
