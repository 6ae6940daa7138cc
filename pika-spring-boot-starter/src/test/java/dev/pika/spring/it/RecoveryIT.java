package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.connection.event.PikaConnectionConnectedEvent;
import dev.pika.spring.connection.event.PikaConnectionLostEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveredEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveringEvent;
import dev.pika.spring.core.PikaAdmin;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 6: the connection is killed while the application publishes, from the broker ({@code
 * rabbitmqctl close_connection}) and on the network (a cut proxy connection). The starter reconnects
 * after the configured back-off, declares the topology again (an exclusive queue, which the broker
 * deleted with the old connection, comes back), and every send's future is confirmed or failed with a
 * typed exception: nothing silently lost.
 */
@PikaIntegrationTest
class RecoveryIT {

    private static final Duration INITIAL_INTERVAL = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @RequiresRabbitMqCtl("closes the starter's connection from the broker side")
    void recoversFromABrokerSideClose(TestBroker broker) throws Exception {
        String connectionName = broker.name("conn");
        run(
                broker,
                broker.uri(),
                connectionName,
                () -> RabbitMqCtl.local().closeConnectionByName(connectionName, "RecoveryIT: forced close"));
    }

    @Test
    void recoversFromACutNetworkConnection(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            run(broker, uri, broker.name("conn"), () -> proxy.cutAll(CutMode.RESET));
            assertThat(proxy.connectionsAccepted())
                    .as("one connection, then one reconnection")
                    .isEqualTo(2);
        }
    }

    private void run(TestBroker broker, String uri, String connectionName, ThrowingRunnable kill) throws Exception {
        String work = broker.name("work");
        String marker = broker.name("marker");
        Topology.work = work;
        Topology.marker = marker;
        try (SelectClient reader = new SelectClient(broker.uri())) {
            StarterContexts.runner()
                    .withUserConfiguration(Topology.class)
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.connection-name=" + connectionName,
                            "pika.heartbeat=5s",
                            "pika.recovery.initial-interval=" + INITIAL_INTERVAL.toMillis() + "ms",
                            "pika.recovery.max-interval=2s",
                            "pika.recovery.jitter=0",
                            "pika.publisher.confirm-timeout=10s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        EventRecorder events = context.getBean(EventRecorder.class);
                        PikaConnection connection =
                                context.getBean(PikaConnectionFactory.class).getConnection();
                        PikaAdmin admin = context.getBean(PikaAdmin.class);
                        events.await(PikaConnectionConnectedEvent.class, 1, WAIT);
                        assertThat(admin.getQueueInfo(marker)).isPresent();

                        PublishUnderFire publishing = new PublishUnderFire(context.getBean(PikaTemplate.class), work);
                        publishing.start(2);
                        publishing.awaitConfirmed(300, WAIT);

                        kill.run();

                        PikaConnectionLostEvent lost = events.await(PikaConnectionLostEvent.class, 1, WAIT);
                        PikaConnectionRecoveringEvent recovering =
                                events.await(PikaConnectionRecoveringEvent.class, 1, WAIT);
                        PikaConnectionRecoveredEvent recovered =
                                events.await(PikaConnectionRecoveredEvent.class, 1, WAIT);
                        assertThat(lost.getCause()).isNotNull();
                        assertThat(lost.getConnectionName()).isEqualTo(connectionName);
                        assertThat(recovering.getAttempt()).isEqualTo(1);
                        assertThat(Duration.between(lost.getAt(), recovering.getAt()))
                                .as("the first attempt waits pika.recovery.initial-interval")
                                .isGreaterThanOrEqualTo(INITIAL_INTERVAL.minusMillis(20));
                        assertThat(recovered.getAttempt()).isEqualTo(1);

                        int confirmedAtRecovery = publishing.confirmedCount();
                        publishing.awaitConfirmed(confirmedAtRecovery + 300, WAIT);
                        publishing.stopAndSettle(WAIT);

                        ConnectionSnapshot snapshot = connection.snapshot();
                        assertThat(snapshot.state()).isEqualTo(PikaConnectionState.OPEN);
                        assertThat(snapshot.recoveries()).isEqualTo(1);
                        assertThat(snapshot.lastRecovered())
                                .isBefore(Instant.now().plusSeconds(1));
                        assertThat(snapshot.serverProperties()).containsKey("product");
                        assertThat(admin.getQueueInfo(marker))
                                .as("the exclusive queue died with the old connection and was declared again")
                                .isPresent();
                        publishing.assertNothingSilentlyLost(reader);
                        assertThat(publishing.failedCount())
                                .as("sends in flight at the kill or made while recovering failed, typed")
                                .isPositive();
                    });
            reader.deleteQueue(work);
        }
        assertThat(StarterContexts.starterThreads())
                .as("no starter thread left")
                .isEmpty();
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Configuration(proxyBeanMethods = false)
    static class Topology {
        static volatile String work;
        static volatile String marker;

        @Bean
        Queue work() {
            return Queue.nonDurable(work).build();
        }

        @Bean
        Queue marker() {
            return Queue.nonDurable(marker).exclusive().build();
        }

        @Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }
    }
}
