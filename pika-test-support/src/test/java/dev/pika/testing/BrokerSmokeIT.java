package dev.pika.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import dev.pika.testing.broker.BrokerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness end to end with the RabbitMQ Java client (the core's own ITs take over once it
 * exists): the chosen broker accepts a connection, a uniquely named queue, a publish and a consume.
 */
@PikaIntegrationTest
class BrokerSmokeIT {

    @Test
    void publishesAndConsumesOneMessageOnTheChosenBroker(TestBroker broker) throws Exception {
        String queue = broker.name("smoke");
        BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        DeliverCallback onDelivery = (tag, delivery) -> deliveries.add(delivery);

        try (Connection connection = broker.amqpClientConnectionFactory().newConnection(broker.name("conn"));
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            channel.basicPublish(
                    "",
                    queue,
                    new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                    "hello from the harness".getBytes(StandardCharsets.UTF_8));
            channel.basicConsume(queue, true, onDelivery, tag -> {});

            Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);

            assertThat(delivery).as("a delivery within 10 s").isNotNull();
            assertThat(new String(delivery.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello from the harness");
            assertThat(delivery.getProperties().getContentType()).isEqualTo("text/plain");
            assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo(queue);
        }
    }

    @Test
    void theRunNamesItsBrokerInTheReportFile(TestBroker broker) throws Exception {
        Path report = BrokerSettings.fromSystem().reportDir().resolve(BrokerSettings.REPORT_FILE_NAME);

        assertThat(report).exists();
        assertThat(Files.readString(report, StandardCharsets.UTF_8))
                .startsWith("[pika-test] broker: " + broker.description());
    }
}
