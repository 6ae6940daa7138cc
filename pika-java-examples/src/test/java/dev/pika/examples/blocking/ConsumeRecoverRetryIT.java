package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.AcceptMode;
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
 * The retry-policy recovery example (spring-retry's RetryTemplate with Pika's growing jittered delay, shortened for
 * the test): it consumes again after a cut connection, stops when the broker closes the connection with 320, and
 * gives up with the last connection error once its attempts are exhausted.
 */
@PikaIntegrationTest
class ConsumeRecoverRetryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ConsumeRecoverRetry.Policy FAST =
            new ConsumeRecoverRetry.Policy(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(30), 3);

    @Test
    @RequiresRabbitMqCtl("closes the example's connection from the broker side (320)")
    void retriesAfterACutAndStopsOn320(TestBroker broker, RabbitMqCtl ctl) throws Exception {
        String queue = broker.name("queue");
        String name = broker.name("consumer");
        Set<String> received = ConcurrentHashMap.newKeySet();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                    .host(proxy.host())
                    .port(proxy.port())
                    .connectionName(name)
                    .build();
            ConsumeRecoverRetry consumer = new ConsumeRecoverRetry(
                    List.of(params),
                    queue,
                    (ch, method, properties, body) -> {
                        received.add(new String(body, StandardCharsets.UTF_8));
                        ch.basicAck(method.deliveryTag());
                    },
                    FAST);
            CompletableFuture<ConsumeRecoverRetry.Outcome> outcome =
                    CompletableFuture.supplyAsync(consumer::run, runner);
            ConsumeRecoverIT.publish(broker, queue, "before-", 5);
            Await.until("consumed", WAIT, () -> received.size() == 5);

            proxy.cutAll(CutMode.RESET);
            Await.until("a second attempt", WAIT, () -> consumer.attempts() == 2);
            ConsumeRecoverIT.publish(broker, queue, "after-", 5);
            Await.until("consumed after the retry", WAIT, () -> received.size() == 10);

            ConsumeRecoverIT.awaitSingleConnection(ctl, name);
            ctl.closeConnectionByName(name, "ConsumeRecoverRetryIT: broker-initiated close");
            assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(ConsumeRecoverRetry.Outcome.CLOSED_BY_BROKER);
            assertThat(consumer.attempts()).isEqualTo(2);
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void givesUpWithTheLastConnectionErrorAfterItsAttempts(TestBroker broker) {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            proxy.acceptMode(AcceptMode.RESET);
            ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                    .host(proxy.host())
                    .port(proxy.port())
                    .build();
            ConsumeRecoverRetry consumer =
                    new ConsumeRecoverRetry(List.of(params), broker.name("queue"), (ch, m, p, b) -> {}, FAST);
            assertThatThrownBy(consumer::run).isInstanceOf(AmqpConnectionException.class);
            assertThat(consumer.attempts()).isEqualTo(FAST.maxAttempts());
            assertThat(proxy.connectionsAccepted()).isEqualTo(FAST.maxAttempts());
        }
    }
}
