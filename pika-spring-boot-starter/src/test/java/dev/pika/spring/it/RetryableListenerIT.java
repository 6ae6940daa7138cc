package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.pika.spring.annotation.PikaListener;
import dev.pika.spring.autoconfigure.PikaAnnotationDrivenAutoConfiguration;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.retry.annotation.Backoff;
import org.springframework.retry.annotation.Recover;
import org.springframework.retry.annotation.Retryable;

/**
 * Retry of annotated listeners against the broker: spring-retry's {@code @Retryable} with {@code
 * @Recover} (no AspectJ), {@code pika.listener.retry.*} ending in the dead-letter queue, and a message
 * that cannot be converted, dead-lettered at once without a single call of the method. In each case the
 * listener keeps consuming the next messages.
 */
@PikaIntegrationTest
class RetryableListenerIT {

    private static final int GOOD = 5;

    record Order(String id) {}

    static ApplicationContextRunner runner(TestBroker broker) {
        return ListenerContexts.runner(broker)
                .withConfiguration(AutoConfigurations.of(PikaAnnotationDrivenAutoConfiguration.class));
    }

    static class RetryingListener {
        final AtomicInteger poisonAttempts = new AtomicInteger();
        final List<String> good = new CopyOnWriteArrayList<>();
        final List<String> recovered = new CopyOnWriteArrayList<>();

        @PikaListener(id = "retryable", queues = "${test.queue}")
        @Retryable(maxAttempts = 3, backoff = @Backoff(delay = 50, multiplier = 2))
        void handle(String body) {
            if (body.equals("poison")) {
                throw new IllegalStateException("poison pill #" + poisonAttempts.incrementAndGet());
            }
            good.add(body);
        }

        @Recover
        void giveUp(IllegalStateException failure, String body) {
            recovered.add(body + " after " + failure.getMessage());
        }
    }

    @Test
    void retryableTriesThreeTimesThenRecoverGetsTheLastException(TestBroker broker) throws Exception {
        String queue = broker.name("retryable");
        RetryingListener listener = new RetryingListener();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            publishPoisonThenGood(peer, queue, "poison".getBytes(StandardCharsets.UTF_8), null);
            runner(broker)
                    .withPropertyValues("test.queue=" + queue)
                    .withBean("retryingListener", RetryingListener.class, () -> listener)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> listener.good.size() == GOOD && listener.recovered.size() == 1);
                        awaitIdle(context, "retryable");
                    });
            assertThat(listener.poisonAttempts).hasValue(3);
            assertThat(listener.recovered).containsExactly("poison after poison pill #3");
            assertThat(peer.messageCount(queue)).as("recovered, so acked").isZero();
            peer.delete(queue);
        }
    }

    static class AlwaysFailing {
        final AtomicInteger poisonAttempts = new AtomicInteger();
        final AtomicInteger orderCalls = new AtomicInteger();
        final List<String> good = new CopyOnWriteArrayList<>();

        @PikaListener(id = "failing", queues = "${test.queue}")
        void handle(String body) {
            if (body.equals("poison")) {
                throw new IllegalStateException("poison pill #" + poisonAttempts.incrementAndGet());
            }
            good.add(body);
        }

        @PikaListener(id = "orders", queues = "${test.orders}")
        void order(Order order) {
            orderCalls.incrementAndGet();
        }
    }

    @Test
    @RequiresRabbitMq("dead-lettering by queue arguments (Qpid Broker-J ignores x-dead-letter-exchange)")
    void withRetryPropertiesAFailingMessageIsTriedThreeTimesThenDeadLetteredAndAnUnconvertibleOneAtOnce(
            TestBroker broker) throws Exception {
        String queue = broker.name("failing");
        String orders = broker.name("orders");
        String dlq = broker.name("failing-dlq");
        AlwaysFailing listener = new AlwaysFailing();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(dlq);
            Map<String, Object> deadLetter = Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq);
            peer.declare(queue, deadLetter);
            peer.declare(orders, deadLetter);
            publishPoisonThenGood(peer, queue, "poison".getBytes(StandardCharsets.UTF_8), null);
            peer.channel()
                    .basicPublish(
                            "",
                            orders,
                            new AMQP.BasicProperties.Builder()
                                    .contentType("application/json")
                                    .build(),
                            "{this is not json".getBytes(StandardCharsets.UTF_8));
            peer.channel().waitForConfirmsOrDie(30_000);
            runner(broker)
                    .withPropertyValues(
                            "test.queue=" + queue,
                            "test.orders=" + orders,
                            "pika.listener.retry.enabled=true",
                            "pika.listener.retry.max-attempts=3",
                            "pika.listener.retry.initial-interval=50ms",
                            "pika.listener.retry.max-interval=100ms")
                    .withBean("alwaysFailing", AlwaysFailing.class, () -> listener)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        await().atMost(Duration.ofSeconds(30)).until(() -> peer.messageCount(dlq) == 2);
                        await().atMost(Duration.ofSeconds(30)).until(() -> listener.good.size() == GOOD);
                        awaitIdle(context, "failing");
                        awaitIdle(context, "orders");
                    });
            assertThat(listener.poisonAttempts).hasValue(3);
            assertThat(listener.orderCalls)
                    .as("an unconvertible message never reaches the method")
                    .hasValue(0);
            List<String> dead = List.of(deadBody(peer, dlq), deadBody(peer, dlq));
            assertThat(dead).containsExactlyInAnyOrder("poison", "{this is not json");
            assertThat(peer.messageCount(queue)).isZero();
            assertThat(peer.messageCount(orders)).isZero();
            peer.delete(queue, orders, dlq);
        }
    }

    private static void publishPoisonThenGood(
            ListenerContexts.Peer peer, String queue, byte[] poison, AMQP.BasicProperties properties) throws Exception {
        peer.channel().basicPublish("", queue, properties, poison);
        for (int i = 0; i < GOOD; i++) {
            peer.channel().basicPublish("", queue, null, ("good-" + i).getBytes(StandardCharsets.UTF_8));
        }
        peer.channel().waitForConfirmsOrDie(30_000);
    }

    private static void awaitIdle(org.springframework.context.ApplicationContext context, String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ListenerContexts.container(context, id).snapshot().inFlight() == 0);
    }

    private static String deadBody(ListenerContexts.Peer peer, String dlq) throws Exception {
        GetResponse response = peer.channel().basicGet(dlq, true);
        assertThat(response).isNotNull();
        assertThat(response.getProps().getHeaders()).containsKey("x-death");
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
