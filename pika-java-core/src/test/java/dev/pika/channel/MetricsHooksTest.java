package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.connection.ScriptedBroker;
import dev.pika.spec.Basic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MetricsCollector hooks are called at the right points, with the right counts; a throwing one is harmless. */
class MetricsHooksTest {

    private final List<String> events = new ArrayList<>();

    private final MetricsCollector recorder = new MetricsCollector() {
        @Override
        public void connectionOpened(String connection) {
            events.add("connectionOpened " + connection);
        }

        @Override
        public void channelOpened(String connection, int channelNumber) {
            events.add("channelOpened " + channelNumber);
        }

        @Override
        public void channelClosed(String connection, int channelNumber) {
            events.add("channelClosed " + channelNumber);
        }

        @Override
        public void published(String connection, int bodySize) {
            events.add("published " + bodySize);
        }

        @Override
        public void publishAcked(String connection, int count) {
            events.add("publishAcked " + count);
        }

        @Override
        public void publishNacked(String connection, int count) {
            events.add("publishNacked " + count);
        }

        @Override
        public void returned(String connection) {
            events.add("returned");
        }

        @Override
        public void consumed(String connection, boolean redelivered, int bodySize) {
            events.add("consumed " + redelivered + " " + bodySize);
        }

        @Override
        public void acked(String connection, int count) {
            events.add("acked " + count);
        }

        @Override
        public void nacked(String connection, int count, boolean requeue) {
            events.add("nacked " + count + " " + requeue);
        }

        @Override
        public void rejected(String connection, boolean requeue) {
            events.add("rejected " + requeue);
        }
    };

    @Test
    void hooksFollowTheProtocol() {
        ScriptedBroker broker = ScriptedBroker.connected(ConnectionParameters.builder()
                        .connectionName("metrics")
                        .metricsCollector(recorder)
                        .build())
                .open();
        Channel channel = broker.openChannel();
        channel.confirmDelivery(m -> {}, null);
        channel.basicPublish("", "q", new byte[3]);
        channel.basicPublish("", "q", new byte[4]);
        channel.basicPublish("", "q", new byte[5], null, true);
        broker.send(1, new Basic.Ack(2, true));
        broker.sendContent(1, new Basic.Return(312, "NO_ROUTE", "", "q"), BasicProperties.EMPTY, new byte[5]);
        broker.send(1, new Basic.Nack(3, false, false));
        String tag = channel.basicConsume("q", (ch, m, p, b) -> {});
        broker.send(1, new Basic.ConsumeOk(tag));
        for (int i = 1; i <= 4; i++) {
            broker.sendContent(1, new Basic.Deliver(tag, i, i == 4, "", "q"), BasicProperties.EMPTY, new byte[i]);
        }
        channel.basicAck(1);
        channel.basicAck(3, true);
        channel.basicNack(4, false, true);
        channel.basicReject(5, false);
        channel.close();
        broker.drainAll();
        broker.send(1, dev.pika.spec.Channel.CloseOk.INSTANCE);

        assertThat(events)
                .containsExactly(
                        "connectionOpened metrics",
                        "channelOpened 1",
                        "published 3",
                        "published 4",
                        "published 5",
                        "publishAcked 2",
                        "returned",
                        "publishNacked 1",
                        "consumed false 1",
                        "consumed false 2",
                        "consumed false 3",
                        "consumed true 4",
                        "acked 1",
                        "acked 2",
                        "nacked 1 true",
                        "rejected false",
                        "channelClosed 1");
    }

    @Test
    void aThrowingCollectorDisturbsNothing() {
        MetricsCollector broken = new MetricsCollector() {
            @Override
            public void published(String connection, int bodySize) {
                throw new IllegalStateException("collector bug");
            }

            @Override
            public void channelOpened(String connection, int channelNumber) {
                throw new IllegalStateException("collector bug");
            }
        };
        ScriptedBroker broker = ScriptedBroker.connected(
                        ConnectionParameters.builder().metricsCollector(broken).build())
                .open();
        Channel channel = broker.openChannel();

        assertThat(channel.basicPublish("", "q", new byte[1])).isZero();
        assertThat(broker.expectContent(1, Basic.Publish.class).body()).hasSize(1);
    }
}
