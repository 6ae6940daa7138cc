package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.connection.event.PikaConnectionRecoveredEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveringEvent;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.testing.rabbitmqctl.LocalRabbitMqNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Faults that must not touch the shared broker, on a RabbitMQ node of this test's own: a memory alarm
 * (the connection reports itself blocked, then unblocked) and a broker restart (recovery keeps trying
 * through refused attempts and comes back).
 */
@Timeout(300)
class OwnNodeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalRabbitMqNode node;

    @BeforeAll
    static void startNode() {
        String reason = LocalRabbitMqNode.unavailableReason();
        assumeTrue(reason == null, () -> "needs a RabbitMQ installation: " + reason);
        node = LocalRabbitMqNode.start("starter-it");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static String uri() {
        return "amqp://guest:guest@" + node.host() + ":" + node.amqpPort() + "/%2F";
    }

    @Test
    void aMemoryAlarmShowsAsBlockedInTheSnapshotAndTheListener() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        StarterContexts.runner()
                .withPropertyValues("pika.url=" + uri(), "pika.publisher.confirm-timeout=2s")
                .run(context -> {
                    PikaConnection connection =
                            context.getBean(PikaConnectionFactory.class).getConnection();
                    connection.addListener(new PikaConnectionListener() {
                        @Override
                        public void onBlocked(PikaConnection source, String reason) {
                            calls.add("blocked:" + reason);
                        }

                        @Override
                        public void onUnblocked(PikaConnection source) {
                            calls.add("unblocked");
                        }
                    });
                    try {
                        node.ctl().setVmMemoryHighWatermark(0.0001);
                        // RabbitMQ blocks a connection when it publishes during the alarm
                        context.getBean(PikaTemplate.class).send("", "nowhere", new byte[] {1});
                        ConnectionSnapshot blocked = awaitSnapshot(connection, true);
                        assertThat(blocked.blockedReason()).isNotBlank();
                        assertThat(connection.isBlocked()).isTrue();
                    } finally {
                        node.ctl().setVmMemoryHighWatermark(0.4);
                    }
                    awaitSnapshot(connection, false);
                    assertThat(calls).hasSize(2);
                    assertThat(calls.get(0)).startsWith("blocked:");
                    assertThat(calls.get(1)).isEqualTo("unblocked");
                });
    }

    @Test
    void recoveryOutlastsABrokerRestart() throws Exception {
        StarterContexts.runner()
                .withUserConfiguration(RecorderConfig.class)
                .withPropertyValues(
                        "pika.url=" + uri(), "pika.recovery.initial-interval=200ms", "pika.recovery.max-interval=1s")
                .run(context -> {
                    EventRecorder events = context.getBean(EventRecorder.class);
                    PikaConnection connection =
                            context.getBean(PikaConnectionFactory.class).getConnection();
                    node.ctl().stopApp();
                    try {
                        events.await(PikaConnectionRecoveringEvent.class, 3, WAIT);
                        assertThat(connection.state()).isEqualTo(PikaConnectionState.RECOVERING);
                    } finally {
                        node.ctl().startApp();
                        node.ctl().awaitStartup(WAIT);
                    }
                    PikaConnectionRecoveredEvent recovered = events.await(PikaConnectionRecoveredEvent.class, 1, WAIT);
                    assertThat(recovered.getAttempt()).isGreaterThanOrEqualTo(3);
                    assertThat(connection.isOpen()).isTrue();
                    assertThat(context.getBean(PikaTemplate.class).send("", "nowhere", new byte[] {1}))
                            .succeedsWithin(WAIT);
                });
        assertThat(StarterContexts.starterThreads()).isEmpty();
    }

    private static ConnectionSnapshot awaitSnapshot(PikaConnection connection, boolean blocked)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (connection.snapshot().blocked() != blocked) {
            assertThat(System.nanoTime())
                    .as("blocked == %s within %s", blocked, WAIT)
                    .isLessThan(deadline);
            Thread.sleep(20); // polling a state with a bound
        }
        return connection.snapshot();
    }

    @Configuration(proxyBeanMethods = false)
    static class RecorderConfig {
        @Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }
    }
}
