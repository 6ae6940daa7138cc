package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: the connection is cut on the network (a reset through the fault proxy) while the listener is
 * in the middle of a stream. The container goes to {@code RECOVERING}, subscribes again when the
 * connection is back, every message is processed at least once, the ones delivered again carry {@code
 * redelivered=true}, and acks of the old channel are dropped rather than sent on the new one (the broker
 * never closes the new channel with 406).
 */
@PikaIntegrationTest
class ListenerConnectionCutIT {

    private static final int MESSAGES = 3000;

    @Test
    void listenersResumeAfterACutAndEveryMessageIsProcessed(TestBroker broker) throws Exception {
        String queue = broker.name("cut");
        Map<String, List<Boolean>> deliveries = new ConcurrentHashMap<>();
        AtomicInteger processed = new AtomicInteger();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker);
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            peer.declare(queue);
            peer.publish(queue, "cut-", MESSAGES);
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            ListenerContexts.runner(broker)
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.heartbeat=5s",
                            "pika.recovery.initial-interval=300ms",
                            "pika.recovery.max-interval=2s",
                            "pika.recovery.jitter=0")
                    .withBean(
                            "cutEndpoint",
                            PikaListenerEndpoint.class,
                            () -> PikaListenerEndpoint.builder("cut")
                                    .queues(queue)
                                    .concurrency(4)
                                    .prefetch(100)
                                    .listener((delivery, ack) -> {
                                        deliveries
                                                .computeIfAbsent(
                                                        new String(delivery.body(), StandardCharsets.UTF_8),
                                                        k -> new CopyOnWriteArrayList<>())
                                                .add(delivery.redelivered());
                                        Thread.sleep(2);
                                        processed.incrementAndGet();
                                    })
                                    .build())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        DefaultPikaListenerContainer container = ListenerContexts.container(context, "cut");
                        await().atMost(Duration.ofSeconds(60)).until(() -> processed.get() >= MESSAGES / 5);
                        assertThat(deliveries.size()).as("cut mid-stream").isLessThan(MESSAGES);

                        proxy.cutAll(CutMode.RESET);

                        await().atMost(Duration.ofSeconds(60))
                                .until(() -> context.getBean(PikaConnectionFactory.class)
                                                .getConnection()
                                                .snapshot()
                                                .recoveries()
                                        == 1);
                        await().atMost(Duration.ofSeconds(120)).until(() -> deliveries.size() == MESSAGES);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> container.snapshot().inFlight() == 0);
                        assertThat(container.snapshot().state()).isEqualTo(PikaListenerConsumerState.CONSUMING);
                        assertThat(container.snapshot().lastFailure())
                                .as("the last failure is the cut, not a channel the broker closed (406)")
                                .isNotInstanceOf(ChannelClosedByBrokerException.class)
                                .isNotNull();
                        System.out.println("ListenerConnectionCutIT: " + container.getStaleSettlementCount()
                                + " settlements of the lost channel dropped, "
                                + deliveries.values().stream()
                                        .filter(l -> l.size() > 1)
                                        .count()
                                + " messages delivered again");
                    });
            assertThat(proxy.connectionsAccepted())
                    .as("one connection, then one reconnection")
                    .isEqualTo(2);
            assertThat(deliveries).hasSize(MESSAGES);
            deliveries.forEach((body, flags) -> assertThat(flags.subList(1, flags.size()))
                    .as(
                            "deliveries of %s after the first (a first one may be redelivered too: it was prefetched"
                                    + " on the lost channel and never started)",
                            body)
                    .allSatisfy(redelivered -> assertThat(redelivered).isTrue()));
            assertThat(deliveries.values().stream().filter(flags -> flags.contains(true)))
                    .as("messages the broker delivered again after the cut")
                    .isNotEmpty();
            assertThat(peer.messageCount(queue))
                    .as("everything acked in the end")
                    .isZero();
            peer.delete(queue);
        }
        assertThat(ListenerContexts.listenerThreads())
                .as("no listener thread left")
                .isEmpty();
    }
}
