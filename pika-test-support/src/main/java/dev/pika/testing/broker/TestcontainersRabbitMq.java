package dev.pika.testing.broker;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers option: a RabbitMQ container, started when a Docker engine answers.
 *
 * <p>Stateless; thread-safe.
 */
final class TestcontainersRabbitMq {

    private TestcontainersRabbitMq() {}

    /**
     * Asks Testcontainers whether a Docker engine is usable.
     *
     * @return {@code null} when Docker is available, else a short reason for the run line
     */
    static String dockerUnavailableReason() {
        QuietLogging.apply();
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "Docker not available";
        } catch (RuntimeException | LinkageError e) {
            return "Docker not available (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Starts a RabbitMQ container and waits until it accepts AMQP connections (Testcontainers' own wait).
     *
     * @param image a RabbitMQ image, e.g. {@code rabbitmq:4-management}
     */
    static StartedBroker start(String image) {
        QuietLogging.apply();
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("rabbitmq");
        RabbitMQContainer container = new RabbitMQContainer(name);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        return new StartedBroker(
                "Testcontainers " + image,
                container.getHost(),
                container.getAmqpPort(),
                container.getAdminUsername(),
                container.getAdminPassword(),
                container::stop);
    }
}
