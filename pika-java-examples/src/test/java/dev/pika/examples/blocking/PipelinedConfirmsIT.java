package dev.pika.examples.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import org.junit.jupiter.api.Test;

/** The pipelined-confirms example: every message is confirmed and in the queue when publish returns. */
@PikaIntegrationTest
class PipelinedConfirmsIT {

    @Test
    void everyMessageIsConfirmedAndQueued(TestBroker broker) {
        String queue = broker.name("queue");
        ConnectionParameters params = ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(broker.name("publisher"))
                .build();
        try (BlockingConnection reader = new BlockingConnection(
                        params.toBuilder().connectionName(broker.name("reader")).build());
                BlockingChannel channel = reader.channel()) {
            channel.queueDeclare(queue, false, false, false, true, null); // as the example declares it

            PipelinedConfirms.Result result = new PipelinedConfirms(params, queue, 100).publish(2_000);

            assertThat(result).isEqualTo(new PipelinedConfirms.Result(2_000, 0));
            assertThat(channel.queueDeclare(queue, true, false, false, false, null)
                            .messageCount())
                    .isEqualTo(2_000);
            channel.queueDelete(queue);
        }
    }
}
