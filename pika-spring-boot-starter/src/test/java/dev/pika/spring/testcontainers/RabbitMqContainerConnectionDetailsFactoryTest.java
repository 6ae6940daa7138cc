package dev.pika.spring.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pika.spring.autoconfigure.PikaConnectionDetails;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.TestContainerConnectionSources;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The {@code @ServiceConnection} mapping of a {@link RabbitMQContainer}, found the way Spring Boot
 * finds it (through {@code META-INF/spring.factories}); the container is a mock, so no Docker is needed.
 */
class RabbitMqContainerConnectionDetailsFactoryTest {

    @ServiceConnection
    static RabbitMQContainer rabbit;

    @Test
    void aServiceConnectionRabbitMqContainerGivesPikaConnectionDetails() throws Exception {
        RabbitMQContainer container = mock(RabbitMQContainer.class);
        when(container.getAmqpUrl()).thenReturn("amqp://docker-host:32771");
        when(container.getAdminUsername()).thenReturn("admin");
        when(container.getAdminPassword()).thenReturn("admin-pw");
        ContainerConnectionSource<RabbitMQContainer> source = TestContainerConnectionSources.forField(
                RabbitMqContainerConnectionDetailsFactoryTest.class.getDeclaredField("rabbit"),
                RabbitMQContainer.class,
                () -> container);

        Map<Class<?>, ConnectionDetails> details =
                new ConnectionDetailsFactories(getClass().getClassLoader()).getConnectionDetails(source, true);

        assertThat(details).containsKey(PikaConnectionDetails.class);
        PikaConnectionDetails pika = (PikaConnectionDetails) details.get(PikaConnectionDetails.class);
        ((InitializingBean) pika).afterPropertiesSet();
        assertThat(pika.getAddresses()).containsExactly(new PikaConnectionDetails.Address("docker-host", 32771));
        assertThat(pika.getUsername()).isEqualTo("admin");
        assertThat(pika.getPassword()).isEqualTo("admin-pw");
        assertThat(pika.getVirtualHost()).isEqualTo("/");
        assertThat(pika.getSslBundle()).isNull();
    }
}
