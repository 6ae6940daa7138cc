package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A settlement below a quarter of the prefetch does not wake the I/O thread for its ack (the drain waits
 * for more settlements or for the container's sweep), but the ack is not held behind a slow listener
 * either: the settlement sweep sends it within the ack-hold time (50 ms by default) while the next
 * message is still being processed. Fails without the sweep.
 */
@PikaIntegrationTest
class DeferredAcksIT {

    private static final int MESSAGES = 10;

    @Test
    void anAckDeferredBehindQueuedDeliveriesIsSentWhileTheNextListenerCallIsSlow(TestBroker broker) throws Exception {
        String queue = broker.name("deferred-acks");
        AtomicReference<DefaultPikaListenerContainer> container = new AtomicReference<>();
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        List<String> processed = new CopyOnWriteArrayList<>();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.publish(queue, "m", MESSAGES);
            ListenerContexts.runner(broker)
                    .withBean(
                            "deferredEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("deferred")
                                    .queues(queue)
                                    .concurrency(1)
                                    .prefetch(MESSAGES)
                                    .listener((delivery, ack) -> {
                                        String body = new String(delivery.body(), StandardCharsets.UTF_8);
                                        if (body.equals("m0")) {
                                            // return once every delivery was handed over: m1 runs next, alone
                                            await().atMost(Duration.ofSeconds(30))
                                                    .until(() -> container.get() != null
                                                            && container.get().getDeliveryCount() == MESSAGES);
                                        } else if (body.equals("m1")) {
                                            slowStarted.countDown();
                                            releaseSlow.await(60, TimeUnit.SECONDS);
                                        }
                                        processed.add(body);
                                    })
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        DefaultPikaListenerContainer running = ListenerContexts.container(context, "deferred");
                        container.set(running);
                        assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
                        await().atMost(Duration.ofSeconds(10))
                                .alias("m0's ack reaches the broker while m1's listener call still runs")
                                .until(() -> running.getAckFrameCount() >= 1);
                        assertThat(processed).containsExactly("m0");
                        releaseSlow.countDown();
                        await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() == MESSAGES);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> running.snapshot().inFlight() == 0);
                    });
            assertThat(peer.messageCount(queue))
                    .as("every message acked: none came back when the channel closed")
                    .isZero();
            peer.delete(queue);
        } finally {
            releaseSlow.countDown();
        }
    }
}
