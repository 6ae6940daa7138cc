package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.spec.Basic;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pika's most reported failure, fixed by design: with a 2 s heartbeat, a handler that takes 10 s per message (five
 * heartbeat timeouts) keeps its connection, whether it runs inline on the application thread or in a worker thread
 * that acknowledges through {@code addCallbackThreadsafe}. Five messages each, no connection loss, no redelivery. The
 * broker closes a connection that misses its heartbeats for twice the timeout, so a starved connection would lose its
 * unacknowledged messages to redelivery. Both variants run at the same time (about 50 s in all).
 */
@PikaIntegrationTest
class LongHandlerHeartbeatIT {

    private static final int MESSAGES = 5;
    private static final Duration WORK = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /** What a consumer saw. */
    private record Outcome(List<Basic.Deliver> deliveries, boolean openAtTheEnd, long leftInQueue) {}

    private static ConnectionParameters parameters(TestBroker broker, String name) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .heartbeat(HEARTBEAT)
                .connectionName(name)
                .build();
    }

    private static void publish(TestBroker broker, String queue) {
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("publisher")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish("", queue, ("work " + i).getBytes(StandardCharsets.UTF_8));
            }
        } // closing waits for the broker's CloseOk, which follows the routing of the publishes
    }

    private static void work() {
        try {
            Thread.sleep(WORK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }

    /** The handler sleeps on the application thread, inside the message callback. */
    private static Outcome inline(TestBroker broker, String queue) {
        List<Basic.Deliver> deliveries = new ArrayList<>();
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("inline")))) {
            BlockingChannel channel = connection.channel();
            channel.basicQos(1);
            channel.basicConsume(queue, (ch, method, properties, body) -> {
                deliveries.add(method);
                work();
                ch.basicAck(method.deliveryTag());
                if (deliveries.size() == MESSAGES) {
                    ch.stopConsuming();
                }
            });
            channel.startConsuming();
            boolean open = connection.isOpen();
            long left =
                    channel.queueDeclare(queue, true, false, false, false, null).messageCount();
            return new Outcome(deliveries, open, left);
        }
    }

    /** The handler runs in a worker thread and acknowledges through addCallbackThreadsafe (Pika's threaded example). */
    private static Outcome threaded(TestBroker broker, String queue) {
        List<Basic.Deliver> deliveries = Collections.synchronizedList(new ArrayList<>());
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("threaded")))) {
            BlockingChannel channel = connection.channel();
            channel.basicQos(1);
            int[] acked = {0};
            channel.basicConsume(queue, (ch, method, properties, body) -> {
                deliveries.add(method);
                workers.execute(() -> {
                    work();
                    connection.addCallbackThreadsafe(() -> {
                        if (ch.isOpen()) {
                            ch.basicAck(method.deliveryTag());
                            if (++acked[0] == MESSAGES) {
                                ch.stopConsuming();
                            }
                        }
                    });
                });
            });
            channel.startConsuming();
            boolean open = connection.isOpen();
            long left =
                    channel.queueDeclare(queue, true, false, false, false, null).messageCount();
            return new Outcome(deliveries, open, left);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aHandlerBusyForFiveHeartbeatTimeoutsKeepsItsConnection(TestBroker broker) throws Exception {
        String inlineQueue = broker.name("inline");
        String threadedQueue = broker.name("threaded");
        publish(broker, inlineQueue);
        publish(broker, threadedQueue);

        ExecutorService variants = Executors.newFixedThreadPool(2);
        List<Outcome> outcomes;
        try {
            CompletableFuture<Outcome> inline =
                    CompletableFuture.supplyAsync(() -> inline(broker, inlineQueue), variants);
            CompletableFuture<Outcome> threaded =
                    CompletableFuture.supplyAsync(() -> threaded(broker, threadedQueue), variants);
            outcomes = List.of(
                    inline.get(MESSAGES * WORK.toSeconds() + 60, TimeUnit.SECONDS),
                    threaded.get(MESSAGES * WORK.toSeconds() + 60, TimeUnit.SECONDS));
        } finally {
            variants.shutdownNow();
        }
        for (Outcome outcome : outcomes) {
            assertThat(outcome.deliveries()).hasSize(MESSAGES);
            assertThat(outcome.deliveries()).noneMatch(Basic.Deliver::redelivered);
            assertThat(outcome.deliveries())
                    .extracting(Basic.Deliver::deliveryTag)
                    .as("one connection, one channel: tags 1..5 without a gap")
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(outcome.openAtTheEnd()).isTrue();
            assertThat(outcome.leftInQueue()).isZero();
        }
    }
}
