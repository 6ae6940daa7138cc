package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recovery loop example against a real broker behind a fault proxy: it keeps consuming across a cut TCP
 * connection (a new connection, the unacknowledged messages redelivered) and stops when the broker closes the
 * connection with 320 ({@code rabbitmqctl close_connection}).
 */
@PikaIntegrationTest
class ConsumeRecoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static void publish(TestBroker broker, String queue, String prefix, int count) {
        try (BlockingConnection connection =
                        new BlockingConnection(ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                                .connectionName(broker.name("publisher"))
                                .build());
                BlockingChannel channel = connection.channel()) {
            channel.queueDeclare(queue);
            for (int i = 0; i < count; i++) {
                channel.basicPublish("", queue, (prefix + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Waits until exactly one connection with the name is listed (the cut one is gone). */
    static void awaitSingleConnection(RabbitMqCtl ctl, String name) {
        Await.until(
                "one connection named " + name,
                WAIT,
                () -> ctl.listConnections().stream()
                                .filter(c -> name.equals(c.connectionName()))
                                .count()
                        == 1);
    }

    @Test
    @RequiresRabbitMqCtl("closes the example's connection from the broker side (320)")
    void keepsConsumingAcrossACutConnectionAndStopsOn320(TestBroker broker, RabbitMqCtl ctl) throws Exception {
        String queue = broker.name("queue");
        String name = broker.name("consumer");
        Set<String> received = ConcurrentHashMap.newKeySet();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                    .host(proxy.host())
                    .port(proxy.port())
                    .connectionName(name)
                    .retryDelay(Duration.ofMillis(100)) // the pause before reconnecting
                    .build();
            ConsumeRecover consumer = new ConsumeRecover(List.of(params), queue, (ch, method, properties, body) -> {
                received.add(new String(body, StandardCharsets.UTF_8));
                ch.basicAck(method.deliveryTag());
            });
            CompletableFuture<ConsumeRecover.Outcome> outcome = CompletableFuture.supplyAsync(consumer::run, runner);

            publish(broker, queue, "before-", 10);
            Await.until("the first messages are consumed", WAIT, () -> received.size() == 10);
            assertThat(consumer.connectionsOpened()).isEqualTo(1);

            proxy.cutAll(CutMode.RESET);
            Await.until("a new connection is opened", WAIT, () -> consumer.connectionsOpened() == 2);
            assertThat(consumer.lastError()).isInstanceOf(StreamLostException.class);
            publish(broker, queue, "after-", 10);
            Await.until("the later messages are consumed", WAIT, () -> received.size() == 20);

            awaitSingleConnection(ctl, name);
            ctl.closeConnectionByName(name, "ConsumeRecoverIT: broker-initiated close");
            assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(ConsumeRecover.Outcome.CLOSED_BY_BROKER);
            assertThat(consumer.lastError())
                    .isInstanceOfSatisfying(
                            ConnectionClosedByBrokerException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(320));
            assertThat(consumer.connectionsOpened()).isEqualTo(2);
            assertThat(proxy.connectionsAccepted()).isEqualTo(2);
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void stopEndsTheLoop(TestBroker broker) throws Exception {
        String queue = broker.name("queue");
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("consumer"))
                .build();
        Set<String> received = ConcurrentHashMap.newKeySet();
        ConsumeRecover consumer = new ConsumeRecover(List.of(params), queue, (ch, method, properties, body) -> {
            received.add(new String(body, StandardCharsets.UTF_8));
            ch.basicAck(method.deliveryTag());
        });
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<ConsumeRecover.Outcome> outcome = CompletableFuture.supplyAsync(consumer::run, runner);
            publish(broker, queue, "m", 3);
            Await.until("consumed", WAIT, () -> received.size() == 3);
            consumer.stop();
            assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ConsumeRecover.Outcome.STOPPED);
        } finally {
            runner.shutdownNow();
        }
    }
}
