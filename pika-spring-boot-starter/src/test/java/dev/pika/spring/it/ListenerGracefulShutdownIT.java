package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: the context closes while a listener (concurrency 4, prefetch 100) has 4 messages in progress
 * and 96 prefetched and waiting. The 4 finish and are acked; the 96 are never run and are back in the
 * queue; nothing is processed twice; no listener thread is left.
 */
@PikaIntegrationTest
class ListenerGracefulShutdownIT {

    private static final int MESSAGES = 100;

    @Test
    void inProgressMessagesFinishAndPrefetchedOnesGoBackToTheQueue(TestBroker broker) throws Exception {
        String queue = broker.name("graceful");
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> finished = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.publish(queue, "g-", MESSAGES);
            ListenerContexts.runner(broker)
                    .withPropertyValues("pika.listener.shutdown-timeout=30s")
                    .withBean(
                            "gracefulEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("graceful")
                                    .queues(queue)
                                    .concurrency(4)
                                    .prefetch(MESSAGES)
                                    .listener((delivery, ack) -> {
                                        String body = new String(delivery.body(), StandardCharsets.UTF_8);
                                        started.add(body);
                                        if (!release.await(60, TimeUnit.SECONDS)) {
                                            throw new IllegalStateException("never released");
                                        }
                                        finished.add(body);
                                    })
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        DefaultPikaListenerContainer container = ListenerContexts.container(context, "graceful");
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> started.size() == 4
                                        && container.snapshot().queuedDeliveries() == MESSAGES - 4);
                        assertThat(peer.messageCount(queue))
                                .as("all prefetched")
                                .isZero();

                        Thread closer = new Thread(context::close, "graceful-closer");
                        closer.start();
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> container.snapshot().state() == PikaListenerConsumerState.STOPPING);
                        assertThat(finished)
                                .as("still in progress while stopping")
                                .isEmpty();
                        release.countDown();
                        closer.join(60_000);
                        assertThat(closer.isAlive()).as("context closed").isFalse();
                        assertThat(container.getAckFrameCount()).isPositive();
                    });
            assertThat(started).hasSize(4);
            assertThat(finished).isEqualTo(started);
            assertThat(peer.messageCount(queue))
                    .as("prefetched but not started: back in the queue")
                    .isEqualTo(96);
            Set<String> returned = new HashSet<>();
            GetResponse next;
            while ((next = peer.channel().basicGet(queue, true)) != null) {
                returned.add(new String(next.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(returned).hasSize(MESSAGES - 4).doesNotContainAnyElementsOf(started);
            Set<String> all = new HashSet<>(returned);
            all.addAll(started);
            assertThat(all).hasSize(MESSAGES);
            peer.delete(queue);
        }
        assertThat(ListenerContexts.listenerThreads())
                .as("no listener thread left")
                .isEmpty();
    }
}
