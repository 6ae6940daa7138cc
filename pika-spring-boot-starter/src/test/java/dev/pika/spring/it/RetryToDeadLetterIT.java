package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RepublishMessageRecoverer;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 7: a listener that always throws on one message, with {@code pika.listener.retry.max-attempts=3},
 * is called exactly 3 times for it; then the message goes to the dead-letter queue (the default
 * recoverer rejects without requeue, and RabbitMQ dead-letters it) or to an error queue with the
 * exception in its headers ({@link RepublishMessageRecoverer}, which works on Qpid Broker-J too); the
 * listener keeps consuming the next messages.
 */
@PikaIntegrationTest
class RetryToDeadLetterIT {

    private static final int GOOD = 5;

    @Test
    @RequiresRabbitMq("dead-lettering by queue arguments (Qpid Broker-J ignores x-dead-letter-exchange)")
    void afterThreeAttemptsTheDefaultRecovererRejectsAndTheBrokerDeadLetters(TestBroker broker) throws Exception {
        String queue = broker.name("work");
        String dlq = broker.name("dlq");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(dlq);
            peer.declare(queue, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
            Outcome outcome = run(broker, ListenerContexts.runner(broker), queue, peer);
            await().atMost(Duration.ofSeconds(30)).until(() -> peer.messageCount(dlq) == 1);
            GetResponse dead = peer.channel().basicGet(dlq, true);
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> deaths =
                    (List<Map<String, Object>>) dead.getProps().getHeaders().get("x-death");
            assertThat(deaths).isNotEmpty();
            assertThat(String.valueOf(deaths.get(0).get("reason"))).isEqualTo("rejected");
            assertThat(String.valueOf(deaths.get(0).get("queue"))).isEqualTo(queue);
            outcome.assertRetriedThreeTimesAndKeptConsuming();
            peer.delete(queue, dlq);
        }
    }

    @Test
    void afterThreeAttemptsTheRepublishRecovererSendsItToTheErrorQueueWithTheException(TestBroker broker)
            throws Exception {
        String queue = broker.name("work");
        String errors = broker.name("errors");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.declare(errors);
            ApplicationContextRunner runner = ListenerContexts.runner(broker)
                    .withUserConfiguration(RepublishConfiguration.class)
                    .withPropertyValues("test.errors=" + errors);
            Outcome outcome = run(broker, runner, queue, peer);
            await().atMost(Duration.ofSeconds(30)).until(() -> peer.messageCount(errors) == 1);
            GetResponse error = peer.channel().basicGet(errors, true);
            assertThat(new String(error.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
            Map<String, Object> headers = error.getProps().getHeaders();
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.EXCEPTION_MESSAGE)))
                    .isEqualTo("poison pill #3");
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.EXCEPTION_STACKTRACE)))
                    .contains("IllegalStateException: poison pill #3")
                    .contains("RetryToDeadLetterIT");
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.ORIGINAL_QUEUE)))
                    .isEqualTo(queue);
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.ORIGINAL_ROUTING_KEY)))
                    .isEqualTo(queue);
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.ORIGINAL_EXCHANGE)))
                    .isEmpty();
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.LISTENER_ID)))
                    .isEqualTo("retrying");
            assertThat(peer.messageCount(queue)).as("the original was acked").isZero();
            outcome.assertRetriedThreeTimesAndKeptConsuming();
            peer.delete(queue, errors);
        }
    }

    private Outcome run(TestBroker broker, ApplicationContextRunner runner, String queue, ListenerContexts.Peer peer)
            throws Exception {
        Outcome outcome = new Outcome();
        peer.channel().basicPublish("", queue, null, "poison".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < GOOD; i++) {
            peer.channel().basicPublish("", queue, null, ("good-" + i).getBytes(StandardCharsets.UTF_8));
        }
        peer.channel().waitForConfirmsOrDie(30_000);
        runner.withPropertyValues(
                        "pika.listener.retry.enabled=true",
                        "pika.listener.retry.max-attempts=3",
                        "pika.listener.retry.initial-interval=100ms",
                        "pika.listener.retry.max-interval=200ms")
                .withBean(
                        "retryingEndpoint",
                        PikaListenerEndpoint.class,
                        () -> PikaListenerEndpoint.builder("retrying")
                                .queues(queue)
                                .listener((delivery, ack) -> {
                                    String body = new String(delivery.body(), StandardCharsets.UTF_8);
                                    if (body.equals("poison")) {
                                        int attempt = outcome.poisonAttempts.incrementAndGet();
                                        throw new IllegalStateException("poison pill #" + attempt);
                                    }
                                    outcome.good.add(body);
                                })
                                .build())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await().atMost(Duration.ofSeconds(30)).until(() -> outcome.good.size() == GOOD);
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> ListenerContexts.container(context, "retrying")
                                            .snapshot()
                                            .inFlight()
                                    == 0);
                });
        return outcome;
    }

    static final class Outcome {
        final AtomicInteger poisonAttempts = new AtomicInteger();
        final Set<String> good = ConcurrentHashMap.newKeySet();

        void assertRetriedThreeTimesAndKeptConsuming() {
            assertThat(poisonAttempts.get())
                    .as("attempts of the poison message")
                    .isEqualTo(3);
            assertThat(good).hasSize(GOOD);
        }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class RepublishConfiguration {
        @org.springframework.context.annotation.Bean
        MessageRecoverer republishRecoverer(
                PikaTemplate template, org.springframework.core.env.Environment environment) {
            return new RepublishMessageRecoverer(template, "", environment.getRequiredProperty("test.errors"));
        }
    }
}
