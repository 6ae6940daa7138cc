package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.channel.Channel;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 8: the pika meters against a real broker. 1,000 messages published with confirms through the
 * {@code PikaTemplate} and consumed with an ack each on a second connection: the counters of each
 * connection read exactly 1,000, the publish-confirm timer timed 1,000 acked sends, and the gauges show
 * the open connections and channels.
 */
@PikaIntegrationTest
class MetricsIT {

    private static final int MESSAGES = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void countersReadWhatWasPublishedConfirmedConsumedAndAcked(TestBroker broker) {
        String name = broker.name("metrics");
        Topology.queue = broker.name("metrics-q");
        ObservabilityContexts.runner()
                .withUserConfiguration(Topology.class)
                .withPropertyValues("pika.url=" + broker.uri(), "pika.connection-name=" + name)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    PikaTemplate template = context.getBean(PikaTemplate.class);
                    PikaConnection consumer =
                            context.getBean(PikaConnectionFactory.class).createConnection("consumer");
                    await().atMost(WAIT).until(consumer::isOpen);
                    AtomicInteger received = new AtomicInteger();
                    CompletableFuture<String> subscribed = new CompletableFuture<>();
                    consumer.execute(() -> consumer.amqpConnection()
                            .openChannel()
                            .thenAccept(channel -> subscribe(channel, received, subscribed)));
                    assertThat(subscribed).succeedsWithin(WAIT);

                    List<CompletableFuture<Void>> sends = new ArrayList<>(MESSAGES);
                    for (int i = 0; i < MESSAGES; i++) {
                        sends.add(template.send("", Topology.queue, ("m" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    assertThat(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)))
                            .succeedsWithin(WAIT);
                    await().atMost(WAIT).until(() -> received.get() == MESSAGES);
                    String consumerName = consumer.name();

                    await().atMost(WAIT).untilAsserted(() -> {
                        assertThat(count(registry, "pika.published", name)).isEqualTo(MESSAGES);
                        assertThat(count(registry, "pika.published.acked", name))
                                .isEqualTo(MESSAGES);
                        assertThat(count(registry, "pika.consumed", consumerName))
                                .isEqualTo(MESSAGES);
                        assertThat(count(registry, "pika.acked", consumerName)).isEqualTo(MESSAGES);
                    });
                    assertThat(count(registry, "pika.published.nacked", name)).isZero();
                    assertThat(count(registry, "pika.returned", name)).isZero();
                    assertThat(count(registry, "pika.consumed", name)).isZero();
                    assertThat(count(registry, "pika.published", consumerName)).isZero();
                    assertThat(count(registry, "pika.redelivered", consumerName))
                            .isZero();
                    assertThat(registry.get("pika.publish.confirm")
                                    .tags("connection", name, "result", "acked")
                                    .timer()
                                    .count())
                            .isEqualTo(MESSAGES);
                    assertThat(gauge(registry, "pika.connections", name)).isEqualTo(1);
                    assertThat(gauge(registry, "pika.connections", consumerName))
                            .isEqualTo(1);
                    assertThat(gauge(registry, "pika.channels", consumerName)).isEqualTo(1);
                    assertThat(gauge(registry, "pika.channels", name))
                            .as("the template's channel at least")
                            .isGreaterThanOrEqualTo(1);
                });
    }

    private static void subscribe(Channel channel, AtomicInteger received, CompletableFuture<String> subscribed) {
        channel.basicQos(100);
        String tag = channel.basicConsume(Topology.queue, (ch, deliver, properties, body) -> {
            ch.basicAck(deliver.deliveryTag());
            received.incrementAndGet();
        });
        subscribed.complete(tag);
    }

    private static double count(MeterRegistry registry, String meter, String connection) {
        return registry.get(meter).tag("connection", connection).counter().count();
    }

    private static double gauge(MeterRegistry registry, String meter, String connection) {
        return registry.get(meter).tag("connection", connection).gauge().value();
    }

    @Configuration(proxyBeanMethods = false)
    static class Topology {
        static volatile String queue;

        @Bean
        Queue metricsQueue() {
            return Queue.nonDurable(queue).autoDelete().build();
        }
    }
}
