package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.spring.actuate.health.PikaHealthIndicator;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.AcceptMode;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContext;

/**
 * Issue 8: the {@code pika} health contributor against a real broker, read through Spring Boot's health
 * endpoint ({@code /actuator/health/pika}). UP with the broker's details; DOWN with the reason within
 * the heartbeat interval when the connection is cut (network) or closed by the broker; UP again after
 * the recovery; and with the broker black-holed, every health call still answers within its timeout.
 */
@PikaIntegrationTest
class HealthIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void downWithTheReasonWhenTheNetworkIsCutThenUpAfterRecovery(TestBroker broker) {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String name = broker.name("health-cut");
            ObservabilityContexts.runner()
                    .withPropertyValues(properties(broker, proxyUrl(broker, proxy), name, "200ms"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        IndicatedHealthDescriptor up = awaitStatus(context, Status.UP, WAIT);
                        Map<String, Object> connection = connection(up, name);
                        assertThat(connection)
                                .containsEntry("state", "OPEN")
                                .containsEntry("address", proxy.host() + ":" + proxy.port())
                                .containsEntry("heartbeat", "2s")
                                .containsEntry("blocked", false)
                                .containsEntry("recoveries", 0L)
                                .containsKey("product")
                                .containsKey("version");
                        assertThat(connection.get("product").toString() + " " + connection.get("version"))
                                .isEqualToIgnoringCase(broker.productAndVersion());

                        proxy.acceptMode(AcceptMode.RESET); // no reconnection until the test allows it
                        proxy.cutAll(CutMode.RESET);

                        IndicatedHealthDescriptor down = awaitStatus(context, Status.DOWN, HEARTBEAT);
                        assertThat((String) down.getDetails().get("reason"))
                                .contains("connection '" + name + "' was lost and is recovering");
                        assertThat(connection(down, name))
                                .containsEntry("state", "RECOVERING")
                                .containsKey("lastFailure");

                        proxy.acceptMode(AcceptMode.FORWARD);
                        IndicatedHealthDescriptor recovered = awaitStatus(context, Status.UP, WAIT);
                        assertThat(connection(recovered, name))
                                .containsEntry("recoveries", 1L)
                                .containsKey("lastRecovered");
                    });
        }
    }

    @Test
    @RequiresRabbitMqCtl("closes the connection from the broker side")
    void downWithTheBrokersReasonWhenTheBrokerClosesTheConnectionThenUpAfterRecovery(TestBroker broker) {
        String name = broker.name("health-closed");
        ObservabilityContexts.runner()
                .withPropertyValues(properties(broker, broker.uri(), name, "3s"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    awaitStatus(context, Status.UP, WAIT);

                    RabbitMqCtl.local().closeConnectionByName(name, "HealthIT closes it");

                    IndicatedHealthDescriptor down = awaitStatus(context, Status.DOWN, HEARTBEAT);
                    assertThat((String) down.getDetails().get("reason"))
                            .contains("connection '" + name + "' was lost")
                            .contains("HealthIT closes it");
                    IndicatedHealthDescriptor recovered = awaitStatus(context, Status.UP, WAIT);
                    assertThat(connection(recovered, name)).containsEntry("recoveries", 1L);
                });
    }

    @Test
    void withTheBrokerBlackHoledEveryCallAnswersWithinItsTimeoutAndTurnsDownOnTheHeartbeat(TestBroker broker) {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String name = broker.name("health-blackhole");
            ObservabilityContexts.runner()
                    .withPropertyValues(properties(broker, proxyUrl(broker, proxy), name, "200ms"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        awaitStatus(context, Status.UP, WAIT);
                        PikaHealthIndicator indicator = context.getBean(PikaHealthIndicator.class);

                        proxy.acceptMode(AcceptMode.BLACK_HOLE);
                        proxy.blackHole(Direction.BOTH);

                        await().atMost(HEARTBEAT.multipliedBy(2).plusSeconds(5))
                                .pollInterval(Duration.ofMillis(100))
                                .untilAsserted(() -> {
                                    Health health = checkWithinTimeout(indicator);
                                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                                    assertThat((String) health.getDetails().get("reason"))
                                            .contains("heartbeat timeout");
                                });
                        for (int i = 0; i < 5; i++) {
                            Health recovering = checkWithinTimeout(indicator);
                            assertThat(recovering.getStatus())
                                    .as("recovering against a black hole")
                                    .isEqualTo(Status.DOWN);
                        }

                        proxy.resume(Direction.BOTH);
                        proxy.acceptMode(AcceptMode.FORWARD);
                        awaitStatus(context, Status.UP, WAIT);
                    });
        }
    }

    private static String[] properties(TestBroker broker, String url, String name, String initialInterval) {
        return new String[] {
            "pika.url=" + url,
            "pika.connection-name=" + name,
            "pika.heartbeat=" + HEARTBEAT.toSeconds() + "s",
            "pika.connection-timeout=1s",
            "pika.recovery.initial-interval=" + initialInterval,
            "pika.recovery.max-interval=" + maxInterval(initialInterval),
            "pika.recovery.jitter=0",
            "management.health.pika.timeout=" + HEALTH_TIMEOUT.toMillis() + "ms"
        };
    }

    private static String maxInterval(String initialInterval) {
        return initialInterval.endsWith("ms") ? "1s" : initialInterval;
    }

    private static String proxyUrl(TestBroker broker, FaultProxy proxy) {
        return "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":" + proxy.port()
                + "/%2F?stack_timeout=3";
    }

    /** One health call, which must answer within the configured timeout. */
    private static Health checkWithinTimeout(PikaHealthIndicator indicator) {
        CompletableFuture<Health> call = CompletableFuture.supplyAsync(indicator::health);
        assertThat(call).as("the health call answers within its timeout").succeedsWithin(HEALTH_TIMEOUT);
        return call.join();
    }

    /** Polls {@code /actuator/health/pika} until it shows {@code status}, at most {@code within}. */
    private static IndicatedHealthDescriptor awaitStatus(ApplicationContext context, Status status, Duration within) {
        HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
        return await().atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> (IndicatedHealthDescriptor) endpoint.healthForPath("pika"),
                        h -> status.equals(h.getStatus()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connection(IndicatedHealthDescriptor health, String name) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("connections")).get(name);
    }
}
