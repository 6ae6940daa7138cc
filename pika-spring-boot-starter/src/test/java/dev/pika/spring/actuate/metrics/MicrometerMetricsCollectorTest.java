package dev.pika.spring.actuate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.MetricsCollector;
import dev.pika.spring.connection.event.PikaConnectionLostEvent;
import dev.pika.spring.connection.event.PikaConnectionRecoveredEvent;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection-level meters, fed through the core's hooks as the engine calls them. */
class MicrometerMetricsCollectorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetricsCollector collector = new MicrometerMetricsCollector(
            new PikaMeterNames("pika"),
            () -> () -> List.of(
                    listener("a", "app", 3, 1, 2),
                    listener("b", "app", 4, 0, 1),
                    listener("c", "other", 100, 100, 100)));

    @Test
    void everyHookCountsUnderTheConnectionTag() {
        collector.bindTo(registry);
        collector.connectionOpened("app");
        collector.channelOpened("app", 1);
        collector.channelOpened("app", 2);
        collector.channelClosed("app", 2);
        for (int i = 0; i < 5; i++) {
            collector.published("app", 10);
        }
        collector.publishAcked("app", 4);
        collector.publishNacked("app", 1);
        collector.returned("app");
        collector.consumed("app", false, 10);
        collector.consumed("app", true, 10);
        collector.acked("app", 2);
        collector.nacked("app", 3, true);
        collector.rejected("app", false);
        collector.heartbeatTimeout("app");

        assertThat(gauge("pika.connections", "app")).isEqualTo(1);
        assertThat(gauge("pika.channels", "app")).isEqualTo(1);
        assertThat(count("pika.published", "app")).isEqualTo(5);
        assertThat(count("pika.published.acked", "app")).isEqualTo(4);
        assertThat(count("pika.published.nacked", "app")).isEqualTo(1);
        assertThat(count("pika.returned", "app")).isEqualTo(1);
        assertThat(count("pika.consumed", "app")).isEqualTo(2);
        assertThat(count("pika.redelivered", "app")).isEqualTo(1);
        assertThat(count("pika.acked", "app"))
                .as("a multiple ack counts each message")
                .isEqualTo(2);
        assertThat(count("pika.nacked", "app")).isEqualTo(3);
        assertThat(count("pika.rejected", "app")).isEqualTo(1);
        assertThat(count("pika.heartbeat.timeouts", "app")).isEqualTo(1);

        collector.connectionClosed("app");
        assertThat(gauge("pika.connections", "app")).isZero();
    }

    @Test
    void listenerGaugesAddUpTheListenersOfTheirConnection() {
        collector.bindTo(registry);
        collector.connectionOpened("app");

        assertThat(gauge("pika.deliveries.in.flight", "app")).isEqualTo(7);
        assertThat(gauge("pika.worker.queue", "app")).isEqualTo(1);
        assertThat(gauge("pika.worker.active", "app")).isEqualTo(3);
    }

    @Test
    void connectionsAreKeptApartAndFoundByValueNotOnlyByIdentity() {
        collector.bindTo(registry);
        String name = new String("app");
        collector.published(name, 1);
        collector.published(new String("app"), 1);
        collector.published("other", 1);

        assertThat(count("pika.published", "app")).isEqualTo(2);
        assertThat(count("pika.published", "other")).isEqualTo(1);
        assertThat(registry.find("pika.published").counters()).hasSize(2);
    }

    @Test
    void recoveriesComeFromTheConnectionEventsAndEventsRegisterTheMeters() {
        collector.bindTo(registry);
        collector.onApplicationEvent(new PikaConnectionLostEvent(this, "app", new RuntimeException("cut"), 0));
        assertThat(gauge("pika.connections", "app"))
                .as("registered by the first event")
                .isZero();

        collector.onApplicationEvent(new PikaConnectionRecoveredEvent(this, "app", null, 1));
        collector.onApplicationEvent(new PikaConnectionRecoveredEvent(this, "app", null, 2));

        assertThat(count("pika.recoveries", "app")).isEqualTo(2);
    }

    @Test
    void aRegistryBoundLaterGetsTheMetersAlreadyRegistered() {
        collector.published("app", 1);
        collector.bindTo(registry);
        collector.published("app", 1);

        assertThat(count("pika.published", "app"))
                .as("counted once the registry is bound")
                .isEqualTo(1);
        MeterRegistry second = new SimpleMeterRegistry();
        collector.bindTo(second);
        collector.published("app", 1);
        assertThat(second.get("pika.published")
                        .tag("connection", "app")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void thePrefixNamesEveryMeter() {
        MicrometerMetricsCollector rabbit = new MicrometerMetricsCollector(new PikaMeterNames("rabbitmq"), () -> null);
        rabbit.bindTo(registry);
        rabbit.connectionOpened("app");
        rabbit.published("app", 1);

        assertThat(registry.get("rabbitmq.published").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getName()).startsWith("rabbitmq."));
        assertThat(registry.get("rabbitmq.deliveries.in.flight").gauge().value())
                .as("no listeners: nothing in flight")
                .isZero();
    }

    @Test
    void theCustomizerInstallsTheCollectorAndKeepsAnApplicationCollector() {
        MetricsCollectorCustomizer customizer = new MetricsCollectorCustomizer(collector);
        dev.pika.ConnectionParameters.Builder plain = dev.pika.ConnectionParameters.builder();
        customizer.customize(plain);
        assertThat(plain.build().metricsCollector()).isSameAs(collector);

        MetricsCollector own = new MetricsCollector() {};
        dev.pika.ConnectionParameters.Builder withOwn =
                dev.pika.ConnectionParameters.builder().metricsCollector(own);
        customizer.customize(withOwn);
        MetricsCollector installed = withOwn.build().metricsCollector();
        assertThat(installed).isInstanceOf(CombinedMetricsCollector.class);
        customizer.customize(withOwn);
        assertThat(withOwn.build().metricsCollector())
                .as("applied again (every connection attempt), it does not wrap twice")
                .isSameAs(installed);

        collector.bindTo(registry);
        installed.published("app", 1);
        assertThat(count("pika.published", "app")).isEqualTo(1);
    }

    private double count(String name, String connection) {
        return registry.get(name).tag("connection", connection).counter().count();
    }

    private double gauge(String name, String connection) {
        return registry.get(name).tag("connection", connection).gauge().value();
    }

    private static PikaListenerSnapshot listener(String id, String connection, int inFlight, int queued, int active) {
        return new PikaListenerSnapshot(
                id,
                List.of("q-" + id),
                connection,
                PikaListenerConsumerState.CONSUMING,
                null,
                inFlight,
                4,
                active,
                queued,
                10);
    }
}
