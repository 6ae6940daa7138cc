package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Channel methods called from foreign threads against a real broker, while the application thread consumes: the
 * documented thread-safe methods (publish, ack, nack, reject, isOpen) work, every blocking method fails fast with
 * {@link IllegalStateException}, and the connection stays usable: every message is consumed exactly once, byte for
 * byte, afterwards.
 */
@PikaIntegrationTest
class ForeignThreadIT {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 250;

    @Test
    void foreignThreadsWorkAsDocumentedOrFailFastAndNeverCorruptTheStream(TestBroker broker) throws Exception {
        String queue = broker.name("queue");
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("conn"))
                .build();
        ExecutorService foreign = Executors.newFixedThreadPool(THREADS);
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> received = new ConcurrentHashMap<>();
        AtomicInteger nacked = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        try (BlockingConnection connection = new BlockingConnection(params)) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.basicQos(100);
            CountDownLatch published = new CountDownLatch(THREADS);
            channel.basicConsume(queue, (ch, method, properties, body) -> {
                int id = ByteBuffer.wrap(body).getInt();
                int length = body.length;
                foreign.execute(() -> {
                    try {
                        assertThat(length).isEqualTo(8 + id % 1000);
                        // Before acknowledging: the application thread is inside startConsuming until the last ack.
                        try {
                            ch.queueDeclare(queue, true, false, false, false, null);
                        } catch (IllegalStateException e) {
                            refused.add(e);
                        }
                        if (received.merge(id, 1, Integer::sum) == 1 && id % 10 == 0 && nacked.get() < 10) {
                            nacked.incrementAndGet();
                            received.remove(id);
                            ch.basicNack(method.deliveryTag(), false, true); // redelivered later
                        } else {
                            ch.basicAck(method.deliveryTag());
                            if (acked.incrementAndGet() == THREADS * PER_THREAD) {
                                connection.addCallbackThreadsafe(ch::stopConsuming);
                            }
                        }
                    } catch (Throwable t) {
                        unexpected.add(t);
                        connection.addCallbackThreadsafe(ch::stopConsuming);
                    }
                });
            });
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                foreign.execute(() -> {
                    try {
                        for (int i = 0; i < PER_THREAD; i++) {
                            int id = thread * PER_THREAD + i;
                            channel.basicPublish(
                                    "",
                                    queue,
                                    ByteBuffer.allocate(8 + id % 1000)
                                            .putInt(id)
                                            .array());
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    } finally {
                        published.countDown();
                    }
                });
            }
            // The application thread stays inside startConsuming until a worker hands stopConsuming over.
            channel.startConsuming();
            assertThat(unexpected).isEmpty();
            assertThat(received).hasSize(THREADS * PER_THREAD);
            assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(unexpected).isEmpty();
            assertThat(nacked.get()).isEqualTo(10);
            assertThat(received.values()).containsOnly(1);
            assertThat(refused)
                    .hasSize(THREADS * PER_THREAD + 10)
                    .allSatisfy(e -> assertThat(e).hasMessageContaining("is using the BlockingConnection"));
            assertThat(connection.isOpen()).isTrue();
            assertThat(channel.isOpen()).isTrue();
            foreign.shutdown();
            assertThat(foreign.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(channel.queueDeclare(queue, true, false, false, false, null)
                            .messageCount())
                    .isZero();
            channel.queueDelete(queue);
        } finally {
            foreign.shutdownNow();
        }
    }
}
