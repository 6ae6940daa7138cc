package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.event.PikaConnectionLostEvent;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, Pika's most-reported failure fixed by design: a listener that takes 10 s per message on a
 * connection with a 2 s heartbeat (five heartbeat timeouts per message) processes 20 messages with
 * concurrency 4 (about 50 s) without losing the connection, without any redelivery, and the I/O thread
 * never runs listener code.
 */
@PikaIntegrationTest
class SlowListenerHeartbeatIT {

    private static final int MESSAGES = 20;

    @Test
    void aListenerTakingTenSecondsPerMessageKeepsItsTwoSecondHeartbeatConnection(TestBroker broker) throws Exception {
        String queue = broker.name("slow");
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        AtomicInteger redelivered = new AtomicInteger();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            peer.publish(queue, "slow-", MESSAGES);
            ListenerContexts.runner(broker)
                    .withPropertyValues("pika.heartbeat=2s", "pika.connection-name=" + broker.name("slow-conn"))
                    .withBean(EventRecorder.class, EventRecorder::new)
                    .withBean(
                            "slowEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("slow")
                                    .queues(queue)
                                    .concurrency(4)
                                    .prefetch(4)
                                    .listener((delivery, ack) -> {
                                        threadNames.add(Thread.currentThread().getName());
                                        if (delivery.redelivered()) {
                                            redelivered.incrementAndGet();
                                        }
                                        Thread.sleep(10_000); // the slow work itself
                                        processed
                                                .computeIfAbsent(
                                                        new String(delivery.body(), StandardCharsets.UTF_8),
                                                        k -> new AtomicInteger())
                                                .incrementAndGet();
                                    })
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(PikaConnectionFactory.class)
                                        .getConnection()
                                        .snapshot()
                                        .heartbeat())
                                .isEqualTo(Duration.ofSeconds(2));
                        await().atMost(Duration.ofSeconds(150)).until(() -> processed.size() == MESSAGES);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> ListenerContexts.container(context, "slow")
                                                .snapshot()
                                                .inFlight()
                                        == 0);
                        assertThat(context.getBean(EventRecorder.class).of(PikaConnectionLostEvent.class))
                                .as("no connection loss")
                                .isEmpty();
                        assertThat(context.getBean(PikaConnectionFactory.class)
                                        .getConnection()
                                        .snapshot()
                                        .recoveries())
                                .isZero();
                    });
            assertThat(processed.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(redelivered.get()).as("no redelivery").isZero();
            assertThat(threadNames)
                    .as("listener threads")
                    .isNotEmpty()
                    .allSatisfy(name ->
                            assertThat(name).startsWith("pika-listener-slow-").doesNotStartWith("pika-io-"));
            assertThat(threadNames).hasSizeLessThanOrEqualTo(4);
            assertThat(peer.messageCount(queue)).isZero();
            peer.delete(queue);
        }
        assertThat(ListenerContexts.listenerThreads())
                .as("no listener thread left")
                .isEmpty();
    }
}
