package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ConsumerCancelledException;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: the queue of a running listener is deleted under it. The broker cancels the consumer
 * ({@code Basic.Cancel}); the container reports {@code CANCELLED} with a {@link ConsumerCancelledException}, then
 * tries to subscribe again under the recovery policy; while the queue is missing each attempt is refused with 404
 * (state {@code FAILED}, the 404 as the last failure, the container still running and trying); once the queue is declared
 * again the listener consumes from it without a restart, and no message published after that is lost.
 *
 * <p>RabbitMQ only: consumer cancel notification ({@code consumer_cancel_notify}) is a RabbitMQ extension.
 */
@PikaIntegrationTest
class ListenerBrokerCancelIT {

    private static final int BEFORE = 50;
    private static final int AFTER = 200;

    @Test
    void aDeletedQueueIsConsumedAgainOnceItIsBack(TestBroker broker) throws Exception {
        assumeTrue(broker.isRabbitMq(), "consumer cancel notification is a RabbitMQ extension; " + broker);
        String queue = broker.name("cancelled");
        Set<String> processed = ConcurrentHashMap.newKeySet();
        List<PikaListenerConsumerState> statesSeen = new CopyOnWriteArrayList<>();
        Set<Class<?>> failuresSeen = ConcurrentHashMap.newKeySet();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.publish(queue, "before-", BEFORE);
            ListenerContexts.runner(broker)
                    .withPropertyValues(
                            "pika.recovery.initial-interval=1s",
                            "pika.recovery.max-interval=2s",
                            "pika.recovery.jitter=0")
                    .withBean(
                            "cancelEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("cancel")
                                    .queues(queue)
                                    .concurrency(2)
                                    .prefetch(20)
                                    .listener((delivery, ack) ->
                                            processed.add(new String(delivery.body(), StandardCharsets.UTF_8)))
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        DefaultPikaListenerContainer container = ListenerContexts.container(context, "cancel");
                        await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() == BEFORE);
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> container.snapshot().inFlight() == 0);

                        peer.delete(queue);

                        // The cancel, then at least one refused attempt on the missing queue (404), each observed
                        // through the container's snapshot, as the health contributor and an operator see it.
                        await().atMost(Duration.ofSeconds(30))
                                .pollInterval(Duration.ofMillis(20))
                                .until(() -> {
                                    PikaListenerSnapshot snapshot = container.snapshot();
                                    statesSeen.add(snapshot.state());
                                    if (snapshot.lastFailure() != null) {
                                        failuresSeen.add(snapshot.lastFailure().getClass());
                                    }
                                    return snapshot.lastFailure() instanceof ChannelClosedByBrokerException e
                                            && e.replyCode() == 404;
                                });
                        assertThat(container.snapshot().state())
                                .as("not consuming while the queue is missing")
                                .isNotEqualTo(PikaListenerConsumerState.CONSUMING);
                        assertThat(container.isRunning())
                                .as("still trying, not given up")
                                .isTrue();

                        peer.declare(queue);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> container.snapshot().state() == PikaListenerConsumerState.CONSUMING);
                        peer.publish(queue, "after-", AFTER);

                        await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() == BEFORE + AFTER);
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> container.snapshot().inFlight() == 0);
                        assertThat(peer.messageCount(queue))
                                .as("every message acked")
                                .isZero();
                    });
            peer.delete(queue);
        }
        for (int i = 0; i < AFTER; i++) {
            assertThat(processed).contains("after-" + i);
        }
        assertThat(statesSeen)
                .as("states the container went through while the queue was missing: the broker's cancel (for the"
                        + " first second, the policy's initial interval), then the refused subscriptions (FAILED,"
                        + " DOWN in health, while it keeps trying)")
                .contains(PikaListenerConsumerState.CANCELLED, PikaListenerConsumerState.FAILED)
                .doesNotContain(PikaListenerConsumerState.STOPPED, PikaListenerConsumerState.STOPPING);
        assertThat(failuresSeen)
                .as("last failures reported: the cancel, then the refused subscription")
                .contains(ConsumerCancelledException.class, ChannelClosedByBrokerException.class);
        assertThat(ListenerContexts.listenerThreads())
                .as("no listener thread left")
                .isEmpty();
    }
}
