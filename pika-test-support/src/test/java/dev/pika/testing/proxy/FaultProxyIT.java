package dev.pika.testing.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy between the RabbitMQ Java client and the test broker: traffic passes, and faults reach the client. */
@PikaIntegrationTest
@Timeout(120)
class FaultProxyIT {

    private static ConnectionFactory throughProxy(TestBroker broker, FaultProxy proxy, int heartbeatSeconds) {
        ConnectionFactory factory = broker.amqpClientConnectionFactory();
        factory.setHost(proxy.host());
        factory.setPort(proxy.port());
        factory.setRequestedHeartbeat(heartbeatSeconds);
        return factory;
    }

    @Test
    void anAmqpSessionWorksThroughTheProxyAndEndsWhenItIsCut(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            Connection connection = throughProxy(broker, proxy, 0).newConnection(broker.name("conn"));
            CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
            connection.addShutdownListener(shutdown::complete);
            Channel channel = connection.createChannel();
            String queue = broker.name("through-proxy");
            channel.queueDeclare(queue, false, false, false, null);
            channel.basicPublish("", queue, null, "via proxy".getBytes(StandardCharsets.UTF_8));

            GetResponse response = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (response == null && System.nanoTime() < deadline) {
                response = channel.basicGet(queue, true);
            }

            assertThat(response).as("the message within 10 s").isNotNull();
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("via proxy");
            ProxiedConnection proxied = proxy.connections().get(0);
            assertThat(proxied.bytesToServer()).isGreaterThan(0);
            assertThat(proxied.bytesToClient()).isGreaterThan(0);

            proxied.cut(CutMode.RESET);

            ShutdownSignalException signal = shutdown.get(15, TimeUnit.SECONDS);
            assertThat(signal.isInitiatedByApplication()).isFalse();
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void aStalledBrokerIsDetectedByTheClientsHeartbeat(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            Connection connection = throughProxy(broker, proxy, 1).newConnection(broker.name("conn"));
            CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
            connection.addShutdownListener(shutdown::complete);

            proxy.stall(Direction.TO_CLIENT);

            ShutdownSignalException signal = shutdown.get(30, TimeUnit.SECONDS);
            assertThat(signal.isInitiatedByApplication()).isFalse();
            assertThat(signal.getCause()).hasMessageContaining("heartbeat");
        }
    }

    @Test
    void aBlackHoledAcceptTimesOutTheHandshake(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            proxy.acceptMode(AcceptMode.BLACK_HOLE);
            ConnectionFactory factory = throughProxy(broker, proxy, 0);
            factory.setHandshakeTimeout(1_000);
            long started = System.nanoTime();

            Throwable failure = null;
            try (Connection unexpected = factory.newConnection(broker.name("conn"))) {
                assertThat(unexpected).as("a connection through a black hole").isNull();
            } catch (Exception e) {
                failure = e;
            }

            assertThat(failure).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        }
    }
}
