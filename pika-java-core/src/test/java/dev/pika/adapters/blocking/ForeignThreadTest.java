package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel and connection methods called from threads other than the one inside the connection: the thread-safe ones
 * work, the others fail fast with a clear exception, and nothing corrupts the stream.
 */
class ForeignThreadTest {

    private MiniBroker broker;
    private BlockingConnection connection;
    private BlockingChannel channel;

    @BeforeEach
    void connect() {
        broker = MiniBroker.start();
        connection = new BlockingConnection(broker.parameters());
        channel = connection.channel();
    }

    @AfterEach
    void close() {
        connection.close();
        broker.close();
    }

    /** Runs {@code action} on another thread while this thread is inside startConsuming, then stops consuming. */
    private List<Throwable> whileConsuming(Consumer<List<Throwable>> action) throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inside = new CountDownLatch(1);
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> inside.countDown());
        broker.session().deliver(1, tag, 1, new byte[] {1});
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
                action.accept(failures);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                connection.addCallbackThreadsafe(channel::stopConsuming);
            }
        });
        channel.startConsuming();
        done.get(10, TimeUnit.SECONDS);
        return failures;
    }

    private static void attempt(List<Throwable> failures, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    @Test
    void blockingMethodsFailFastWhileAnotherThreadIsInside() throws Exception {
        List<Throwable> failures = whileConsuming(list -> {
            attempt(list, () -> channel.queueDeclare("from-worker"));
            attempt(list, connection::channel);
            attempt(list, () -> connection.processDataEvents(Duration.ZERO));
            attempt(list, () -> channel.basicConsume("q", (ch, m, p, b) -> {}));
            attempt(list, channel::stopConsuming);
            attempt(list, connection::close);
        });
        assertThat(failures)
                .hasSize(6)
                .allSatisfy(failure -> assertThat(failure)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("while thread '"
                                + Thread.currentThread().getName() + "' is using the" + " BlockingConnection")
                        .hasMessageContaining("connection.addCallbackThreadsafe"));
        assertThat(broker.framesOf(dev.pika.spec.Queue.Declare.class)).isEmpty();
        assertThat(broker.framesOf(Basic.Consume.class)).hasSize(1);
        assertThat(broker.framesOf(dev.pika.spec.Channel.Open.class)).hasSize(1);
        assertThat(broker.framesOf(Basic.Qos.class)).isEmpty();
        assertThat(connection.isOpen()).isTrue();
        assertThat(channel.queueDeclare("after").queue()).isEqualTo("after");
    }

    @Test
    void publishAndAcknowledgementsWorkFromAnyThread() throws Exception {
        List<Throwable> failures = whileConsuming(list -> attempt(list, () -> {
            assertThat(channel.isOpen()).isTrue();
            assertThat(connection.isOpen()).isTrue();
            channel.basicAck(1);
            channel.basicPublish("", "from-worker", new byte[] {42});
        }));
        assertThat(failures).isEmpty();
        assertThat(broker.await(Basic.Ack.class, Await.DEFAULT).deliveryTag()).isEqualTo(1L);
        MiniBroker.Frame publish = broker.await(frame -> frame.method() instanceof Basic.Publish, Await.DEFAULT);
        assertThat(publish.body()).containsExactly(42);
    }

    @Test
    void concurrentPublishersAndAckersNeverCorruptTheStream() throws Exception {
        int threads = 4;
        int perThread = 500;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    byte[] body = ByteBuffer.allocate(8 + i % 700)
                            .putInt(thread)
                            .putInt(i)
                            .array();
                    channel.basicPublish(
                            "",
                            "q" + thread,
                            body,
                            BasicProperties.builder()
                                    .messageId(thread + ":" + i)
                                    .build());
                    channel.basicAck(thread * 100_000L + i);
                }
            }));
        }
        workers.forEach(Thread::start);
        // The application thread keeps using the connection meanwhile.
        for (int i = 0; i < 20; i++) {
            channel.queueDeclare("meanwhile-" + i);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Await.until("every publish arrives", () -> broker.publishes().size() == threads * perThread);
        Await.until("every ack arrives", () -> broker.framesOf(Basic.Ack.class).size() == threads * perThread);
        Set<String> seen = new HashSet<>();
        int[] next = new int[threads];
        for (MiniBroker.Frame frame : broker.publishes()) {
            ByteBuffer body = ByteBuffer.wrap(frame.body());
            int thread = body.getInt();
            int index = body.getInt();
            assertThat(frame.body()).hasSize(8 + index % 700);
            assertThat(frame.properties().messageId()).isEqualTo(thread + ":" + index);
            assertThat(((Basic.Publish) frame.method()).routingKey()).isEqualTo("q" + thread);
            assertThat(index).as("per-thread order").isEqualTo(next[thread]++);
            seen.add(frame.properties().messageId());
        }
        assertThat(seen).hasSize(threads * perThread);
        assertThat(broker.framesOf(dev.pika.spec.Queue.Declare.class)).hasSize(20);
        assertThat(channel.queueDeclare("after").queue()).isEqualTo("after");
    }
}
