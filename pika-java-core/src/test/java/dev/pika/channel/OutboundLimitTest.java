package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.connection.ScriptedBroker;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.Basic;
import org.junit.jupiter.api.Test;

/** A publish that does not fit the outbound limit fails whole, before anything is written. */
class OutboundLimitTest {

    private static final long LIMIT = 1024 * 1024;

    private final ScriptedBroker broker = ScriptedBroker.connected(ConnectionParameters.builder()
                    .writeBufferHighWatermark(LIMIT / 2)
                    .writeBufferLimit(LIMIT)
                    .build())
            .open();
    private final Channel channel = broker.openChannel();

    @Test
    void aPublishAboveTheLimitFailsWithoutWritingAnything() {
        channel.confirmDelivery(m -> {}, null);
        broker.expect(1, dev.pika.spec.Confirm.Select.class);
        broker.connection.transport().simulateBacklog(LIMIT - 100_000, LIMIT);

        assertThatThrownBy(() -> channel.basicPublish("", "q", new byte[200_000]))
                .isInstanceOf(WriteBufferFullException.class)
                .hasMessageContaining("hard limit");
        broker.expectNothing();
        assertThat(channel.nextPublishSequenceNumber())
                .as("no sequence number consumed")
                .isEqualTo(1);

        broker.connection.transport().simulateBacklog(0, LIMIT);
        assertThat(channel.basicPublish("", "q", new byte[200_000])).isEqualTo(1);
        assertThat(broker.expectContent(1, Basic.Publish.class).body()).hasSize(200_000);
        assertThat(broker.connection.isOpen()).isTrue();
    }

    @Test
    void aTransportThatRefusesPartOfAPublishAbortsTheConnection() {
        // a transport whose own limit is lower than the connection's: the publish is cut after its method frame
        broker.connection.transport().simulateBacklog(0, 100);

        assertThatThrownBy(() -> channel.basicPublish("", "q", new byte[200]))
                .isInstanceOf(WriteBufferFullException.class);

        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.runLoop();
        assertThat(broker.closes)
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessageContaining("stream is unusable"));
    }
}
