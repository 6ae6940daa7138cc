package dev.pika.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.testing.BrokerKind;
import org.junit.jupiter.api.Test;

class BrokerEndpointTest {

    private static BrokerEndpoint endpoint(String user, String password, String vhost) {
        return new BrokerEndpoint(
                BrokerKind.RABBITMQ, "RabbitMQ", "3.10.8", false, "localhost", 5672, user, password, vhost);
    }

    @Test
    void theDefaultVirtualHostIsEncodedAsPercent2F() {
        assertThat(endpoint("guest", "guest", "/").uri()).isEqualTo("amqp://guest:guest@localhost:5672/%2F");
    }

    @Test
    void reservedCharactersInCredentialsAreEncoded() {
        assertThat(endpoint("us er", "p@ss:w/d", "v h").uri())
                .isEqualTo("amqp://us%20er:p%40ss%3Aw%2Fd@localhost:5672/v%20h");
    }

    @Test
    void printedFormsHideThePassword() {
        BrokerEndpoint endpoint = endpoint("guest", "s3cret", "/");

        assertThat(endpoint.redactedUri()).isEqualTo("amqp://guest:***@localhost:5672/%2F");
        assertThat(endpoint.toString()).doesNotContain("s3cret").contains("RabbitMQ 3.10.8");
    }

    @Test
    void secureEndpointsUseAmqpsAndIpv6HostsAreBracketed() {
        BrokerEndpoint endpoint =
                new BrokerEndpoint(BrokerKind.QPID, "qpid", "", true, "::1", 5671, "guest", "guest", "default");

        assertThat(endpoint.uri()).isEqualTo("amqps://guest:guest@[::1]:5671/default");
        assertThat(endpoint.productAndVersion()).isEqualTo("qpid");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> endpoint("guest", "guest", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("virtualHost");
        assertThatThrownBy(() -> new BrokerEndpoint(BrokerKind.OTHER, "", "", false, "h", 0, "u", "p", "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }

    @Test
    void productsAreClassified() {
        assertThat(BrokerKind.fromProduct("RabbitMQ")).isEqualTo(BrokerKind.RABBITMQ);
        assertThat(BrokerKind.fromProduct("qpid")).isEqualTo(BrokerKind.QPID);
        assertThat(BrokerKind.fromProduct("Apache Qpid Broker-J")).isEqualTo(BrokerKind.QPID);
        assertThat(BrokerKind.fromProduct("ActiveMQ")).isEqualTo(BrokerKind.OTHER);
        assertThat(BrokerKind.fromProduct(null)).isEqualTo(BrokerKind.OTHER);
    }
}
