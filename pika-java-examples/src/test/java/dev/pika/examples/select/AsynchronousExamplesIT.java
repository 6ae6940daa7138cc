package dev.pika.examples.select;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Basic;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples against a real broker: what the publisher example publishes (and the broker confirms) is what the
 * consumer example receives; the consumer reconnects and consumes again after its connection is closed by the broker
 * ({@code rabbitmqctl close_connection}) or cut on the network ({@link FaultProxy}), and stops cleanly.
 */
@PikaIntegrationTest
class AsynchronousExamplesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MESSAGES = 50;

    TestBroker broker;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("example threads ended")
                .isTrue();
    }

    private ExampleTopology topology() {
        return new ExampleTopology(broker.name("exchange"), broker.name("queue"), "example.text");
    }

    private String url(ConnectionParameters.Builder parameters) {
        return parameters.build().toUrl();
    }

    private ConnectionParameters.Builder parameters(String connectionName) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder().connectionName(connectionName);
    }

    /** Records what the consumer example reports. */
    private static final class RecordingConsumer implements ConsumerListener {
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final List<BasicProperties> properties = new CopyOnWriteArrayList<>();
        final List<String> consumerTags = new CopyOnWriteArrayList<>();
        final List<Integer> connections = new CopyOnWriteArrayList<>();
        final List<AmqpException> losses = new CopyOnWriteArrayList<>();
        final List<Duration> delays = new CopyOnWriteArrayList<>();
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void onConnected(int connectionNumber) {
            connections.add(connectionNumber);
        }

        @Override
        public void onConsuming(String consumerTag) {
            consumerTags.add(consumerTag);
        }

        @Override
        public void onMessage(Basic.Deliver deliver, BasicProperties props, byte[] body) {
            String id = props.messageId() == null ? "#" + deliver.deliveryTag() : props.messageId();
            bodies.put(id, body);
            properties.add(props);
        }

        @Override
        public void onConnectionLost(AmqpException reason) {
            losses.add(reason);
        }

        @Override
        public void onReconnecting(Duration delay) {
            delays.add(delay);
        }

        @Override
        public void onStopped() {
            stopped.countDown();
        }
    }

    private Future<?> startConsumer(
            String url, ExampleTopology topology, CompletableFuture<Void> stop, RecordingConsumer consumer) {
        return threads.submit(() -> AsynchronousConsumerExample.run(url, topology, stop, consumer));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(10);
        }
    }

    @Test
    void theConsumerReceivesEveryMessageThePublisherSent() throws Exception {
        ExampleTopology topology = topology();
        RecordingConsumer consumer = new RecordingConsumer();
        CompletableFuture<Void> stopConsumer = new CompletableFuture<>();
        Future<?> consumerRun =
                startConsumer(url(parameters(broker.name("consumer"))), topology, stopConsumer, consumer);
        await("the consumer consumes", () -> !consumer.consumerTags.isEmpty());

        Set<String> published = ConcurrentHashMap.newKeySet();
        List<Boolean> multipleFlags = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stopPublisher = new CompletableFuture<>();
        CompletableFuture<PublisherStats> stopped = new CompletableFuture<>();
        Future<PublisherStats> publisherRun = threads.submit(() -> AsynchronousPublisherExample.run(
                url(parameters(broker.name("publisher"))),
                topology,
                Duration.ofMillis(2),
                stopPublisher,
                new PublisherListener() {
                    @Override
                    public void onPublished(long deliveryTag, String messageId) {
                        published.add(messageId);
                    }

                    @Override
                    public void onConfirmed(boolean ack, long deliveryTag, boolean multiple, PublisherStats stats) {
                        multipleFlags.add(multiple);
                        if (stats.acked() >= MESSAGES) {
                            stopPublisher.complete(null);
                        }
                    }

                    @Override
                    public void onStopped(PublisherStats stats) {
                        stopped.complete(stats);
                    }
                }));

        PublisherStats stats = publisherRun.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stopped).isCompletedWithValue(stats);
        assertThat(stats.acked()).isGreaterThanOrEqualTo(MESSAGES);
        assertThat(stats.nacked()).isZero();
        assertThat(stats.acked() + stats.nacked() + stats.pending()).isEqualTo(stats.published());
        assertThat(published).hasSize((int) stats.published());

        await("every published message consumed", () -> consumer.bodies.keySet().containsAll(published));
        stopConsumer.complete(null);
        consumerRun.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(consumer.stopped.getCount()).as("onStopped").isZero();
        assertThat(consumer.bodies.keySet()).isEqualTo(published);
        assertThat(consumer.bodies.values())
                .allSatisfy(body -> assertThat(new String(body, StandardCharsets.UTF_8))
                        .isEqualTo("\"\u0645\u0641\u062a\u0627\u062d \u0642\u064a\u0645\u0629 \u952e \u503c"
                                + " \u30ad\u30fc \u5024\""));
        assertThat(consumer.properties).allSatisfy(props -> {
            assertThat(props.appId()).isEqualTo("example-publisher");
            assertThat(props.contentType()).isEqualTo("application/json");
            assertThat(props.headers()).containsEntry("\u952e", "\u503c");
        });
        assertThat(consumer.losses).as("no unexpected close").isEmpty();
        assertThat(consumer.connections).containsExactly(1);
    }

    @Test
    @RequiresRabbitMqCtl("closes the consumer's connection from the broker side")
    void theConsumerReconnectsAfterTheBrokerClosesItsConnection(RabbitMqCtl ctl) throws Exception {
        ExampleTopology topology = topology();
        String name = broker.name("consumer");
        RecordingConsumer consumer = new RecordingConsumer();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Future<?> run = startConsumer(url(parameters(name)), topology, stop, consumer);
        await("the consumer consumes", () -> consumer.consumerTags.size() == 1);

        ctl.closeConnectionByName(name, "pika-java example test: reconnect please");

        await("the consumer consumes again", () -> consumer.consumerTags.size() == 2);
        assertThat(consumer.losses)
                .singleElement()
                .isInstanceOfSatisfying(
                        ConnectionClosedByBrokerException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(320));
        assertThat(consumer.delays).as("it was consuming: no delay").containsExactly(Duration.ZERO);
        assertThat(consumer.connections).containsExactly(1, 2);
        assertConsumesAfterReconnecting(topology, consumer);

        stop.complete(null);
        run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(consumer.stopped.getCount()).isZero();
        assertThat(ctl.findConnection(name))
                .as("the connection was closed on stop")
                .isEmpty();
    }

    @Test
    void theConsumerReconnectsAfterItsConnectionIsCut() throws Exception {
        ExampleTopology topology = topology();
        RecordingConsumer consumer = new RecordingConsumer();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String url =
                    url(parameters(broker.name("consumer")).host(proxy.host()).port(proxy.port()));
            Future<?> run = startConsumer(url, topology, stop, consumer);
            await("the consumer consumes", () -> consumer.consumerTags.size() == 1);

            proxy.cutAll(CutMode.RESET);

            await("the consumer consumes again", () -> consumer.consumerTags.size() == 2);
            assertThat(consumer.losses).singleElement().isInstanceOf(StreamLostException.class);
            assertThat(consumer.delays).containsExactly(Duration.ZERO);
            assertThat(proxy.connectionsAccepted()).isEqualTo(2);
            assertConsumesAfterReconnecting(topology, consumer);

            stop.complete(null);
            run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(consumer.stopped.getCount()).isZero();
        }
    }

    /** A message published now (with the RabbitMQ Java client) reaches the reconnected consumer. */
    private void assertConsumesAfterReconnecting(ExampleTopology topology, RecordingConsumer consumer)
            throws Exception {
        try (com.rabbitmq.client.Connection other =
                        broker.amqpClientConnectionFactory().newConnection();
                com.rabbitmq.client.Channel channel = other.createChannel()) {
            channel.basicPublish(
                    topology.exchange(),
                    topology.routingKey(),
                    new AMQP.BasicProperties.Builder()
                            .messageId("after-reconnect")
                            .build(),
                    "again".getBytes(StandardCharsets.UTF_8));
        }
        await("the message published after reconnecting", () -> consumer.bodies.containsKey("after-reconnect"));
    }
}
