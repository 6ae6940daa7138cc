package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Messages handed to a pool of worker threads and acknowledged through {@code connection.addCallbackThreadsafe(() ->
 * ackMessage(channel, tag))}, Pika's recommended pattern: 1,000 messages over 8 workers are all acknowledged and the
 * queue ends empty; acknowledgements for a channel that closed meanwhile are dropped by {@code ackMessage}'s {@code
 * isOpen()} check, no exception escapes the event loop, and the broker requeues those messages.
 */
@PikaIntegrationTest
class WorkerAcksIT {

    private static final int MESSAGES = 1_000;
    private static final int WORKERS = 8;

    private static ConnectionParameters parameters(TestBroker broker, String name) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(name)
                .build();
    }

    /** Pika's {@code ack_message}: acknowledge on the channel the message came from, if it is still open. */
    private static boolean ackMessage(BlockingChannel channel, long deliveryTag) {
        if (channel.isOpen()) {
            channel.basicAck(deliveryTag);
            return true;
        }
        return false; // the channel closed: the broker requeued the message, nothing to acknowledge
    }

    private static void publish(BlockingChannel channel, String queue, int count) {
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, ByteBuffer.allocate(4).putInt(i).array());
        }
    }

    @Test
    void aThousandMessagesOverEightWorkersAreAllAckedThroughTheApplicationThread(TestBroker broker) throws Exception {
        String queue = broker.name("work");
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        Set<Integer> processed = ConcurrentHashMap.newKeySet();
        Set<String> workerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger acked = new AtomicInteger();
        Thread application = Thread.currentThread();
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("consumer")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            publish(channel, queue, MESSAGES);
            channel.basicQos(50);
            channel.basicConsume(
                    queue,
                    (ch, method, properties, body) -> workers.execute(() -> {
                        processed.add(ByteBuffer.wrap(body).getInt());
                        workerThreads.add(Thread.currentThread().getName());
                        connection.addCallbackThreadsafe(() -> {
                            assertThat(Thread.currentThread()).isSameAs(application);
                            if (ackMessage(ch, method.deliveryTag()) && acked.incrementAndGet() == MESSAGES) {
                                ch.stopConsuming();
                            }
                        });
                    }));
            channel.startConsuming();
            assertThat(acked.get()).isEqualTo(MESSAGES);
            assertThat(processed).hasSize(MESSAGES);
            assertThat(workerThreads).hasSizeGreaterThan(1);
            assertThat(channel.queueDeclare(queue, true, false, false, false, null)
                            .messageCount())
                    .isZero();
            channel.queueDelete(queue);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void acksForAChannelThatClosedMeanwhileAreDroppedCleanly(TestBroker broker) throws Exception {
        String queue = broker.name("work");
        int inFlight = 20;
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handed = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger ackCallbacks = new AtomicInteger();
        try (BlockingConnection connection = new BlockingConnection(parameters(broker, broker.name("consumer")))) {
            BlockingChannel setup = connection.channel();
            setup.queueDeclare(queue);
            publish(setup, queue, inFlight);
            Await.until(
                    "the messages are in the queue",
                    () -> setup.queueDeclare(queue, true, false, false, false, null)
                                    .messageCount()
                            == inFlight);

            BlockingChannel channel = connection.channel();
            channel.basicQos(inFlight);
            channel.basicConsume(queue, (ch, method, properties, body) -> {
                handed.incrementAndGet();
                workers.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    connection.addCallbackThreadsafe(() -> {
                        ackCallbacks.incrementAndGet();
                        if (!ackMessage(ch, method.deliveryTag())) {
                            dropped.incrementAndGet();
                        }
                    });
                });
            });
            Await.until("all messages are with the workers", () -> {
                connection.processDataEvents(Duration.ofMillis(50));
                return handed.get() == inFlight;
            });
            channel.close(); // the workers still hold their messages
            release.countDown();
            Await.until("every ack callback ran", () -> {
                connection.processDataEvents(Duration.ofMillis(50)); // no exception escapes
                return ackCallbacks.get() == inFlight;
            });
            assertThat(dropped.get()).isEqualTo(inFlight);
            assertThat(connection.isOpen()).isTrue();
            // Unacknowledged on a closed channel: the broker requeued every one of them.
            Await.until(
                    "the messages are back in the queue",
                    () -> setup.queueDeclare(queue, true, false, false, false, null)
                                    .messageCount()
                            == inFlight);
            setup.queueDelete(queue);
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
