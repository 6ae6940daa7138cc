package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * rabbitmqctl against the shared local broker. It only lists connections and closes the one it opened:
 * stopping the app, closing all connections or changing the watermark would break other people's tests.
 */
@PikaIntegrationTest
@RequiresRabbitMqCtl("lists and closes connections on the local node")
class RabbitMqCtlIT {

    @Test
    void listsItsOwnConnectionWithPeerPortAndClientProperties(TestBroker broker, RabbitMqCtl ctl) throws Exception {
        String name = broker.name("listed");
        ConnectionFactory factory = broker.amqpClientConnectionFactory();
        AtomicReference<Socket> socket = new AtomicReference<>();
        factory.setSocketConfigurator(s -> {
            s.setTcpNoDelay(true);
            socket.set(s);
        });
        try (Connection connection = factory.newConnection(name)) {
            ConnectionInfo info = ctl.awaitConnection(name, Duration.ofSeconds(10));

            assertThat(connection.isOpen()).isTrue();
            assertThat(info.peerPort()).isEqualTo(socket.get().getLocalPort());
            assertThat(info.user()).isEqualTo(broker.username());
            assertThat(info.virtualHost()).isEqualTo(broker.virtualHost());
            assertThat(info.clientProperties()).containsEntry("product", "RabbitMQ");
            assertThat(info.pid()).matches("<[^>]+@[^>]+>");
        }
    }

    @Test
    void closingByNameClosesThatConnectionWith320(TestBroker broker, RabbitMqCtl ctl) throws Exception {
        String name = broker.name("closed");
        String survivorName = broker.name("survivor");
        try (Connection survivor = broker.amqpClientConnectionFactory().newConnection(survivorName)) {
            Connection connection = broker.amqpClientConnectionFactory().newConnection(name);
            CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
            connection.addShutdownListener(shutdown::complete);
            ctl.awaitConnection(name, Duration.ofSeconds(10));

            ctl.closeConnectionByName(name, "closed by RabbitMqCtlIT");

            ShutdownSignalException signal = shutdown.get(15, TimeUnit.SECONDS);
            assertThat(signal.isInitiatedByApplication()).isFalse();
            assertThat(signal.getMessage()).contains("320").contains("closed by RabbitMqCtlIT");
            assertThat(survivor.isOpen()).isTrue();
            assertThat(ctl.findConnection(survivorName)).isPresent();
        }
    }

    @Test
    void theLocalNodeServesTheTestBroker(TestBroker broker, RabbitMqCtl ctl) {
        assertThat(ctl.amqpListenerPorts()).contains(broker.port());
        assertThat(ctl.isAppRunning()).isTrue();
        assertThat(RabbitMqCtl.unavailableReason(broker.endpoint())).isNull();
    }
}
