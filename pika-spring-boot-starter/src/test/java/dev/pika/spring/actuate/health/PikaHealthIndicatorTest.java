package dev.pika.spring.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import dev.pika.spring.listener.observation.PikaListenerViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.retry.support.RetryTemplate;

/** The indicator on scripted connection and listener snapshots: statuses, reasons, details, timeout. */
class PikaHealthIndicatorTest {

    private final List<PikaConnection> connections = new ArrayList<>();
    private final PikaConnectionFactory factory =
            new PikaConnectionFactory(
                    () -> List.of(ConnectionParameters.builder().build()), new RetryTemplate(), true) {
                @Override
                public List<PikaConnection> getConnections() {
                    return List.copyOf(connections);
                }
            };
    private final List<PikaHealthIndicator> indicators = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
        indicators.forEach(PikaHealthIndicator::destroy);
    }

    @Test
    void upWhenEveryConnectionIsOpenWithTheBrokerDetails() {
        connections.add(new FixedConnection(open("app")));

        Health health = indicator(null, Status.DOWN).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("reason");
        Map<String, Object> app = connectionDetails(health, "app");
        assertThat(app)
                .containsEntry("state", "OPEN")
                .containsEntry("address", "127.0.0.1:5672")
                .containsEntry("product", "RabbitMQ")
                .containsEntry("version", "3.10.8")
                .containsEntry("heartbeat", "60s")
                .containsEntry("blocked", false)
                .containsEntry("recoveries", 2L)
                .containsEntry("lastRecovered", "2026-01-02T03:04:05Z");
    }

    @Test
    void aBlockedConnectionStaysUpAndSaysWhy() {
        ConnectionSnapshot s = open("app");
        connections.add(new FixedConnection(new ConnectionSnapshot(
                s.name(),
                s.state(),
                s.address(),
                s.serverProperties(),
                s.heartbeat(),
                true,
                "low on memory",
                null,
                0,
                0,
                null,
                s.since())));

        Health health = indicator(null, Status.DOWN).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(connectionDetails(health, "app"))
                .containsEntry("blocked", true)
                .containsEntry("blockedReason", "low on memory");
    }

    @Test
    void aRecoveringConnectionIsDownWithTheReasonOrOutOfServiceWhenConfigured() {
        connections.add(new FixedConnection(open("app")));
        connections.add(new FixedConnection(snapshot(
                "app.listener",
                PikaConnectionState.RECOVERING,
                new StreamLostException("Stream connection lost: connection reset"),
                3)));

        Health down = indicator(null, Status.DOWN).health();
        Health outOfService = indicator(null, Status.OUT_OF_SERVICE).health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) down.getDetails().get("reason"))
                .contains("connection 'app.listener' was lost and is recovering (attempt 3)")
                .contains("connection reset");
        assertThat(connectionDetails(down, "app.listener"))
                .containsEntry("state", "RECOVERING")
                .containsEntry("attempt", 3)
                .doesNotContainKey("address");
        assertThat(outOfService.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void aConnectionThatGaveUpOnRefusedCredentialsIsDownAndSaysSo() {
        connections.add(new FixedConnection(snapshot(
                "app",
                PikaConnectionState.FAILED,
                new ProbableAuthenticationException("Client was probably disconnected due to invalid credentials"),
                1)));

        Health health = indicator(null, Status.OUT_OF_SERVICE).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason"))
                .contains("connection 'app' failed and is not retried: authentication failed")
                .contains("pika.username");
    }

    @Test
    void listenersAreDetailedAndARunningListenerThatDoesNotConsumeIsNotUp() {
        connections.add(new FixedConnection(open("app")));
        List<PikaListenerSnapshot> listeners = new ArrayList<>(List.of(
                listener("orders", PikaListenerConsumerState.CONSUMING, null),
                listener("audit", PikaListenerConsumerState.STOPPED, null)));
        PikaListenerViews views = () -> List.copyOf(listeners);

        Health up = indicator(views, Status.DOWN).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        Map<String, Object> orders = listenerDetails(up, "orders");
        assertThat(orders)
                .containsEntry("queues", List.of("orders.q"))
                .containsEntry("connection", "app")
                .containsEntry("state", "CONSUMING")
                .containsEntry("inFlight", 5);
        assertThat(orders.get("workers"))
                .isEqualTo(Map.of("poolSize", 4, "active", 2, "queued", 3, "queueCapacity", 250));

        listeners.add(listener("billing", PikaListenerConsumerState.RECOVERING, new StreamLostException("cut")));
        Health recovering = indicator(views, Status.OUT_OF_SERVICE).health();
        assertThat(recovering.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat((String) recovering.getDetails().get("reason")).contains("listener 'billing'");

        listeners.add(listener("cancelled", PikaListenerConsumerState.CANCELLED, null));
        assertThat(indicator(views, Status.OUT_OF_SERVICE).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void listenerStatesThatCannotBeReadInTimeMakeTheCheckDownInsteadOfHanging() {
        connections.add(new FixedConnection(open("app")));
        PikaListenerViews stuck = () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
        PikaHealthIndicator indicator =
                track(new PikaHealthIndicator(factory, () -> stuck, Status.DOWN, Duration.ofMillis(200)));

        CompletableFuture<Health> check = CompletableFuture.supplyAsync(indicator::health);

        assertThat(check).succeedsWithin(Duration.ofSeconds(10)).satisfies(health -> {
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("listeners", "unknown");
            assertThat((String) health.getDetails().get("reason")).contains("could not be read within PT0.2S");
            assertThat(connectionDetails(health, "app")).containsEntry("state", "OPEN");
        });
    }

    @Test
    void badSettingsAreRefusedWithTheProperty() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PikaHealthIndicator(factory, () -> null, Status.UP, Duration.ofSeconds(1)))
                .hasMessageContaining("management.health.pika.recovering-status");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PikaHealthIndicator(factory, () -> null, Status.DOWN, Duration.ZERO))
                .hasMessageContaining("management.health.pika.timeout");
    }

    private PikaHealthIndicator indicator(PikaListenerViews views, Status recovering) {
        return track(new PikaHealthIndicator(factory, () -> views, recovering, Duration.ofSeconds(5)));
    }

    private PikaHealthIndicator track(PikaHealthIndicator indicator) {
        indicators.add(indicator);
        return indicator;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connectionDetails(Health health, String name) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("connections")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listenerDetails(Health health, String id) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("listeners")).get(id);
    }

    private static ConnectionSnapshot open(String name) {
        return new ConnectionSnapshot(
                name,
                PikaConnectionState.OPEN,
                "127.0.0.1:5672",
                Map.of("product", "RabbitMQ", "version", "3.10.8"),
                Duration.ofSeconds(60),
                false,
                null,
                null,
                1,
                2,
                Instant.parse("2026-01-02T03:04:05Z"),
                Instant.now());
    }

    private static ConnectionSnapshot snapshot(String name, PikaConnectionState state, Throwable failure, int attempt) {
        return new ConnectionSnapshot(
                name, state, null, Map.of(), Duration.ZERO, false, null, failure, attempt, 0, null, Instant.now());
    }

    private static PikaListenerSnapshot listener(String id, PikaListenerConsumerState state, Throwable failure) {
        return new PikaListenerSnapshot(id, List.of(id + ".q"), "app", state, failure, 5, 4, 2, 3, 250);
    }

    /** A connection that only shows a fixed snapshot. */
    private record FixedConnection(ConnectionSnapshot snapshot) implements PikaConnection {
        @Override
        public String name() {
            return snapshot.name();
        }

        @Override
        public boolean isOpen() {
            return snapshot.isOpen();
        }

        @Override
        public PikaConnectionState state() {
            return snapshot.state();
        }

        @Override
        public CompletableFuture<Channel> openChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isInLoopThread() {
            return false;
        }

        @Override
        public Connection amqpConnection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(PikaConnectionListener listener) {}

        @Override
        public void removeListener(PikaConnectionListener listener) {}
    }
}
