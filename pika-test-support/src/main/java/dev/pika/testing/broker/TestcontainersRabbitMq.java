package dev.pika.testing.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers option: a RabbitMQ container, started when a Docker engine answers.
 *
 * <p>Stateless; thread-safe.
 */
final class TestcontainersRabbitMq {

    private static final String DEFAULT_SOCKET = "/var/run/docker.sock";

    private TestcontainersRabbitMq() {}

    /**
     * Asks Testcontainers whether a Docker engine is usable.
     *
     * @return {@code null} when Docker is available, else a short reason for the run line
     */
    static String dockerUnavailableReason() {
        QuietLogging.apply();
        boolean available;
        try {
            // Testcontainers logs every failed strategy at ERROR; the run line carries the outcome instead.
            available = QuietLogging.withLoggerOff(
                    "org.testcontainers.dockerclient",
                    () -> DockerClientFactory.instance().isDockerAvailable());
        } catch (RuntimeException | LinkageError e) {
            return "Docker not available: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (available) {
            return null;
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return "Docker not available: DOCKER_HOST=" + dockerHost + " does not answer";
        }
        return Files.exists(Path.of(DEFAULT_SOCKET))
                ? "Docker not available: " + DEFAULT_SOCKET + " does not answer"
                : "Docker not available: no " + DEFAULT_SOCKET + ", DOCKER_HOST unset";
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
