package dev.pika.spring.testcontainers;

import dev.pika.spring.autoconfigure.PikaConnectionDetails;
import java.net.URI;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Creates {@link PikaConnectionDetails} for a {@code @ServiceConnection} {@link RabbitMQContainer}, so
 * that a Spring Boot test needs no {@code pika.*} address properties:
 *
 * <pre>{@code
 * @Container
 * @ServiceConnection
 * static RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4-management");
 * }</pre>
 *
 * <p>The details give the container's mapped AMQP port (the AMQPS port when the {@code
 * @ServiceConnection} carries an SSL bundle, e.g. with {@code @PemKeyStore}/{@code @PemTrustStore}),
 * its admin user and password, and the default virtual host. Registered in {@code
 * META-INF/spring.factories}; used only when {@code spring-boot-testcontainers} and {@code
 * testcontainers-rabbitmq} are on the classpath.
 *
 * <p>Stateless; thread-safe.
 */
class RabbitMqContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<RabbitMQContainer, PikaConnectionDetails> {

    @Override
    protected PikaConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<RabbitMQContainer> source) {
        return new RabbitMqContainerConnectionDetails(source);
    }

    /** The container's address and credentials, read when the container runs. */
    static final class RabbitMqContainerConnectionDetails extends ContainerConnectionDetails<RabbitMQContainer>
            implements PikaConnectionDetails {

        private RabbitMqContainerConnectionDetails(ContainerConnectionSource<RabbitMQContainer> source) {
            super(source);
        }

        @Override
        public String getUsername() {
            return getContainer().getAdminUsername();
        }

        @Override
        public String getPassword() {
            return getContainer().getAdminPassword();
        }

        @Override
        public List<Address> getAddresses() {
            RabbitMQContainer container = getContainer();
            URI uri = URI.create(getSslBundle() != null ? container.getAmqpsUrl() : container.getAmqpUrl());
            return List.of(new Address(uri.getHost(), uri.getPort()));
        }

        @Override
        public SslBundle getSslBundle() {
            return super.getSslBundle();
        }
    }
}
