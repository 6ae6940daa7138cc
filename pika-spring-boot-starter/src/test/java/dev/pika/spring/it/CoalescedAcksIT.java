package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: 10,000 messages with concurrency 8 are each processed exactly once, the queue is empty
 * afterwards (nothing came back when the channel closed), and the container coalesced its acks into far
 * fewer {@code basic.ack} frames than messages.
 */
@PikaIntegrationTest
class CoalescedAcksIT {

    private static final int MESSAGES = 10_000;

    @Test
    void tenThousandMessagesAreProcessedOnceWithCoalescedAcks(TestBroker broker) throws Exception {
        String queue = broker.name("acks");
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        AtomicInteger redelivered = new AtomicInteger();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.publish(queue, "m", MESSAGES);
            long[] frames = new long[2];
            ListenerContexts.runner(broker)
                    .withBean(
                            "acksEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("acks")
                                    .queues(queue)
                                    .concurrency(8)
                                    .prefetch(250)
                                    .listener((delivery, ack) -> {
                                        if (delivery.redelivered()) {
                                            redelivered.incrementAndGet();
                                        }
                                        seen.computeIfAbsent(
                                                        new String(delivery.body(), StandardCharsets.UTF_8),
                                                        k -> new AtomicInteger())
                                                .incrementAndGet();
                                    })
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        DefaultPikaListenerContainer container = ListenerContexts.container(context, "acks");
                        await().atMost(Duration.ofSeconds(120)).until(() -> seen.size() == MESSAGES);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> container.snapshot().inFlight() == 0);
                        frames[0] = container.getAckFrameCount();
                        frames[1] = container.getNackFrameCount();
                        assertThat(container.getDeliveryCount()).isEqualTo(MESSAGES);
                    });
            assertThat(seen).hasSize(MESSAGES);
            assertThat(seen.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(redelivered.get()).isZero();
            assertThat(peer.messageCount(queue))
                    .as("every message acked: none came back when the channel closed")
                    .isZero();
            assertThat(frames[1]).as("no nack").isZero();
            assertThat(frames[0])
                    .as("basic.ack frames for %s messages", MESSAGES)
                    .isPositive()
                    .isLessThan(MESSAGES / 4);
            System.out.println(
                    "CoalescedAcksIT: " + MESSAGES + " messages acked with " + frames[0] + " basic.ack frames");
            peer.delete(queue);
        }
        assertThat(ListenerContexts.listenerThreads())
                .as("no listener thread left")
                .isEmpty();
    }
}
