package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The threaded consumer example: 1,000 messages over 8 workers, all acknowledged through addCallbackThreadsafe. */
@PikaIntegrationTest
class BasicConsumerThreadedIT {

    private static final int MESSAGES = 1_000;

    @Test
    void eightWorkersAcknowledgeAThousandMessagesThroughTheApplicationThread(TestBroker broker) throws Exception {
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("consumer"))
                .build();
        String exchange = broker.name("exchange");
        String queue = broker.name("queue");
        Set<Integer> processed = ConcurrentHashMap.newKeySet();
        BasicConsumerThreaded consumer = new BasicConsumerThreaded(
                new BasicConsumerThreaded.Settings(params, exchange, queue, "work", 64, 8),
                (deliveryTag, body) -> processed.add(ByteBuffer.wrap(body).getInt()));
        CompletableFuture<Void> running = CompletableFuture.runAsync(consumer::run);
        assertThat(consumer.awaitConsuming(Duration.ofSeconds(10))).isTrue();

        try (BlockingConnection connection = new BlockingConnection(params.toBuilder()
                        .connectionName(broker.name("publisher"))
                        .build());
                BlockingChannel channel = connection.channel()) {
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish(
                        exchange, "work", ByteBuffer.allocate(4).putInt(i).array());
            }
            Await.until("every message is acknowledged", Duration.ofSeconds(60), () -> consumer.acked() == MESSAGES);
            assertThat(channel.queueDeclare(queue, true, false, false, true, null)
                            .messageCount())
                    .as("the queue ends empty")
                    .isZero();
        }
        consumer.stop();
        running.get(30, TimeUnit.SECONDS);
        assertThat(processed).hasSize(MESSAGES);
        assertThat(consumer.droppedAcks()).isZero();
    }
}
