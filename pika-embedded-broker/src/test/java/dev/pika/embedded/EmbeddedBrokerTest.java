package dev.pika.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

    @Test
    void defaultsAreAFreeLoopbackPortWithGuestOnTheDefaultVirtualHost() {
        EmbeddedBroker broker = EmbeddedBroker.builder().build();

        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.host()).isEqualTo("127.0.0.1");
        assertThat(broker.username()).isEqualTo("guest");
        assertThat(broker.password()).isEqualTo("guest");
        assertThat(broker.virtualHost()).isEqualTo("/");
        assertThat(broker.toString()).contains("stopped").doesNotContain("password");
    }

    @Test
    void portAndUriAreOnlyKnownWhileRunning() {
        EmbeddedBroker broker = EmbeddedBroker.builder().build();

        assertThatThrownBy(broker::port)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call start() first");
        assertThatThrownBy(broker::uri)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call start() first");
    }

    @Test
    void stopBeforeStartDoesNothing() {
        EmbeddedBroker broker = EmbeddedBroker.builder().build();

        broker.stop();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.workDirectory()).isNull();
    }

    @Test
    void uriPercentEncodesUserPasswordAndVirtualHost() {
        assertThat(EmbeddedBroker.amqpUri("127.0.0.1", 5999, "guest", "guest", "/")
                        .toString())
                .isEqualTo("amqp://guest:guest@127.0.0.1:5999/%2F");
        assertThat(EmbeddedBroker.amqpUri("::1", 5999, "us er", "p@ss:w/rd", "orders")
                        .toString())
                .isEqualTo("amqp://us%20er:p%40ss%3Aw%2Frd@[::1]:5999/orders");
    }

    @Test
    void wildcardBindAddressIsReachedThroughLoopback() {
        assertThat(EmbeddedBroker.builder().bindAddress("*").build().host()).isEqualTo("127.0.0.1");
        assertThat(EmbeddedBroker.builder().bindAddress("0.0.0.0").build().host())
                .isEqualTo("127.0.0.1");
        assertThat(EmbeddedBroker.builder().bindAddress("localhost").build().host())
                .isEqualTo("localhost");
    }

    @Test
    void builderRejectsBadValuesNamingTheSettingAndTheFix() {
        EmbeddedBroker.Builder builder = EmbeddedBroker.builder();

        assertThatThrownBy(() -> builder.port(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be between 0 and 65535 (0 for a free port), but was -1");
        assertThatThrownBy(() -> builder.port(65536)).hasMessageContaining("but was 65536");
        assertThatThrownBy(() -> builder.username(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username must not be blank");
        assertThatThrownBy(() -> builder.password(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("password must not be null");
        assertThatThrownBy(() -> builder.password("a${b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '${'");
        assertThatThrownBy(() -> builder.virtualHost("a/b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use \"/\" or a name without '/'");
        assertThatThrownBy(() -> builder.bindAddress("no-such-host.invalid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> builder.stopTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stopTimeout must be > 0");
    }

    @Test
    void emptyVirtualHostMeansTheDefaultOne() {
        assertThat(EmbeddedBroker.builder().virtualHost("").build().virtualHost())
                .isEqualTo("/");
        assertThat(EmbeddedBroker.builder().virtualHost("orders").build().virtualHost())
                .isEqualTo("orders");
    }
}
