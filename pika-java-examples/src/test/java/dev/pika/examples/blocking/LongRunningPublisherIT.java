package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.channel.GetResult;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The long-running publisher example: four threads hand in 50 messages each with addCallbackThreadsafe, the publisher
 * thread publishes them all, and stop() ends it with its connection closed.
 */
@PikaIntegrationTest
class LongRunningPublisherIT {

    @Test
    void publishesWhatOtherThreadsHandIn(TestBroker broker) throws Exception {
        String queue = broker.name("queue");
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("publisher"))
                .build();
        LongRunningPublisher publisher = new LongRunningPublisher(params, queue);
        Thread publisherThread = new Thread(publisher, "publisher");
        publisherThread.start();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int producer = t;
            producers.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    publisher.publish(producer + ":" + i);
                }
            }));
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
        Await.until("all published", Duration.ofSeconds(30), () -> publisher.published() == 200);
        publisher.stop();
        publisherThread.join(30_000);
        assertThat(publisherThread.isAlive()).isFalse();

        Set<String> bodies = new HashSet<>();
        try (BlockingConnection connection = new BlockingConnection(
                        params.toBuilder().connectionName(broker.name("reader")).build());
                BlockingChannel channel = connection.channel()) {
            Await.until(
                    "the messages are in the queue",
                    Duration.ofSeconds(30),
                    () -> channel.queueDeclare(queue, true, false, false, false, null)
                                    .messageCount()
                            == 200);
            for (GetResult got = channel.basicGet(queue, true); !got.isEmpty(); got = channel.basicGet(queue, true)) {
                bodies.add(new String(got.body(), StandardCharsets.UTF_8));
            }
        }
        assertThat(bodies).hasSize(200).contains("0:0", "3:49");
    }
}
