package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.ConnectionParameters;
import dev.pika.MetricsCollector;
import dev.pika.channel.Channel;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByClientException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Basic;
import dev.pika.spec.Connection.Close;
import dev.pika.spec.Connection.CloseOk;
import dev.pika.spec.Connection.UpdateSecret;
import dev.pika.spec.Connection.UpdateSecretOk;
import dev.pika.spec.Queue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Client close, broker close, close races, close timeout and stream loss. */
class ConnectionCloseTest {

    @Test
    void clientCloseClosesTheChannelsFirstThenTheConnection() {
        List<String> events = new ArrayList<>();
        ScriptedBroker broker = ScriptedBroker.connected(ConnectionParameters.builder()
                        .connectionName("c1")
                        .metricsCollector(new MetricsCollector() {
                            @Override
                            public void connectionClosed(String connection) {
                                events.add("metrics closed " + connection);
                            }
                        })
                        .build())
                .open();
        Channel one = broker.openChannel();
        Channel two = broker.openChannel();
        one.addOnCloseCallback((c, reason) -> events.add("channel 1 " + reason));
        two.addOnCloseCallback((c, reason) -> events.add("channel 2 " + reason));
        broker.connection.addOnCloseCallback((c, reason) -> events.add("connection " + reason));

        broker.connection.close();
        assertThat(broker.connection.isClosing()).isTrue();
        assertThat(broker.expect(1, dev.pika.spec.Channel.Close.class).replyCode())
                .isEqualTo(200);
        assertThat(broker.expect(2, dev.pika.spec.Channel.Close.class).replyText())
                .isEqualTo("Normal shutdown");
        broker.expectNothing();

        broker.send(2, dev.pika.spec.Channel.CloseOk.INSTANCE);
        broker.expectNothing();
        broker.send(1, dev.pika.spec.Channel.CloseOk.INSTANCE);
        Close close = broker.expect(0, Close.class);
        assertThat(close.replyCode()).isEqualTo(200);
        assertThat(close.replyText()).isEqualTo("Normal shutdown");

        broker.send(0, CloseOk.INSTANCE);
        assertThat(broker.connection.transport().closedGracefully()).isTrue();
        broker.runLoop();

        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.closes).singleElement().isInstanceOfSatisfying(ConnectionClosedByClientException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(200);
            assertThat(e.replyText()).isEqualTo("Normal shutdown");
        });
        assertThat(events)
                .containsExactly(
                        "channel 2 " + new ChannelClosedByClientException(200, "Normal shutdown"),
                        "channel 1 " + new ChannelClosedByClientException(200, "Normal shutdown"),
                        "metrics closed c1",
                        "connection " + broker.closes.get(0));
    }

    @Test
    void clientCloseWithoutChannelsSendsCloseAtOnce() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        broker.connection.close(320, "shutting down");

        Close close = broker.expect(0, Close.class);
        assertThat(close.replyCode()).isEqualTo(320);
        broker.send(0, CloseOk.INSTANCE);
        broker.runLoop();
        assertThat(broker.closes).singleElement().isInstanceOf(ConnectionClosedByClientException.class);
    }

    @Test
    void closingTwiceIsAWrongState() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        broker.connection.close();

        assertThatThrownBy(() -> broker.connection.close())
                .isInstanceOf(ConnectionWrongStateException.class)
                .hasMessageContaining("CLOSING");
        broker.expect(0, Close.class);
        broker.send(0, CloseOk.INSTANCE);
        broker.runLoop();
        assertThatThrownBy(() -> broker.connection.close())
                .isInstanceOf(ConnectionWrongStateException.class)
                .hasMessageContaining("CLOSED");
    }

    @Test
    void brokerCloseIsAnsweredAndReported() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        Channel channel = broker.openChannel();
        List<AmqpException> channelReasons = new ArrayList<>();
        channel.addOnCloseCallback((c, reason) -> channelReasons.add(reason));
        CompletableFuture<Queue.DeclareOk> pending = channel.queueDeclare("q");
        broker.expect(1, Queue.Declare.class);

        broker.send(0, new Close(320, "CONNECTION_FORCED - broker forced connection closure with reason 'x'", 0, 0));
        broker.expect(0, CloseOk.class);
        assertThat(broker.connection.transport().closedGracefully()).isTrue();
        assertThat(broker.connection.isOpen()).isFalse();
        broker.runLoop();

        assertThat(broker.closes).singleElement().isInstanceOfSatisfying(ConnectionClosedByBrokerException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(320);
            assertThat(e.replyText()).startsWith("CONNECTION_FORCED");
        });
        assertThat(channelReasons).containsExactly(broker.closes.get(0));
        assertThat(channel.isClosed()).isTrue();
        assertThat(pending).isCompletedExceptionally();
        assertThat(Futures.failure(pending)).isSameAs(broker.closes.get(0));
    }

    @Test
    void bothSidesClosingAtOnceEndsWithTheBrokersReason() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        broker.connection.close();
        broker.expect(0, Close.class);

        broker.send(0, new Close(320, "CONNECTION_FORCED", 0, 0));
        broker.expect(0, CloseOk.class);
        broker.runLoop();

        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.closes).singleElement().isInstanceOf(ConnectionClosedByBrokerException.class);
    }

    @Test
    void aCloseOkRaceWithBrokerDataStillCloses() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        Channel channel = broker.openChannel();
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> {});
        broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(tag));

        broker.connection.close();
        broker.expect(1, Basic.Cancel.class);
        broker.expect(1, dev.pika.spec.Channel.Close.class);
        // deliveries the broker sent before it saw Channel.Close are dropped
        broker.sendContent(
                1, new Basic.Deliver(tag, 1, false, "", "q"), dev.pika.BasicProperties.EMPTY, new byte[] {1});
        broker.send(1, dev.pika.spec.Channel.CloseOk.INSTANCE);
        broker.expect(0, Close.class);
        broker.send(0, CloseOk.INSTANCE);
        broker.runLoop();

        assertThat(broker.closes).singleElement().isInstanceOf(ConnectionClosedByClientException.class);
    }

    @Test
    void aPeerThatNeverAnswersCannotHangTheClose() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        broker.openChannel();
        broker.connection.close();
        broker.expect(1, dev.pika.spec.Channel.Close.class);

        broker.io.advance(Connection.CLOSE_TIMEOUT.minusMillis(1));
        assertThat(broker.connection.isClosing()).isTrue();
        broker.io.advance(Duration.ofMillis(1));

        assertThat(broker.connection.transport().aborted()).isTrue();
        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.closes).singleElement().isInstanceOf(ConnectionClosedByClientException.class);
    }

    @Test
    void aLostStreamClosesEverythingWithStreamLost() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        Channel channel = broker.openChannel();
        List<AmqpException> channelReasons = new ArrayList<>();
        channel.addOnCloseCallback((c, reason) -> channelReasons.add(reason));
        channel.confirmDelivery();
        broker.expect(1, dev.pika.spec.Confirm.Select.class);
        broker.send(1, dev.pika.spec.Confirm.SelectOk.INSTANCE);
        CompletableFuture<Void> unconfirmed = channel.basicPublishConfirmed("", "q", new byte[] {1});
        CompletableFuture<Queue.DeclareOk> pendingRpc = channel.queueDeclare("q");
        CompletableFuture<Queue.DeclareOk> queuedRpc = channel.queueDeclare("r");
        CompletableFuture<UpdateSecretOk> secret = broker.connection.updateSecret("token", "refresh");

        IOException reset = new IOException("Connection reset by peer");
        broker.connection.transport().lose(reset);
        broker.runLoop();

        assertThat(broker.closes)
                .singleElement()
                .isInstanceOfSatisfying(
                        StreamLostException.class, e -> assertThat(e.getCause()).isSameAs(reset));
        AmqpException reason = broker.closes.get(0);
        assertThat(channelReasons).containsExactly(reason);
        assertThat(List.of(unconfirmed, pendingRpc, queuedRpc, secret)).allSatisfy(future -> {
            assertThat(future).isCompletedExceptionally();
            assertThat(Futures.failure(future)).isSameAs(reason);
        });
        assertThat(broker.connection.isClosed()).isTrue();
    }

    @Test
    void aClientCloseCompletesWhenTheStreamDropsBeforeCloseOk() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        broker.connection.close();
        broker.expect(0, Close.class);
        broker.connection.transport().lose(null);
        broker.runLoop();

        assertThat(broker.closes).singleElement().isInstanceOf(ConnectionClosedByClientException.class);
    }

    @Test
    void updateSecretSendsTheSecretAndCompletesOnItsReply() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        List<UpdateSecretOk> callbacks = new ArrayList<>();
        broker.connection.updateSecret("token-1", "refresh", callbacks::add);
        CompletableFuture<UpdateSecretOk> second = broker.connection.updateSecret("token-2", "refresh");

        UpdateSecret first = broker.expect(0, UpdateSecret.class);
        assertThat(first.newSecret()).isEqualTo("token-1");
        assertThat(first.reason()).isEqualTo("refresh");
        assertThat(broker.expect(0, UpdateSecret.class).newSecret()).isEqualTo("token-2");
        broker.send(0, UpdateSecretOk.INSTANCE);
        assertThat(callbacks).hasSize(1);
        assertThat(second).isNotDone();
        broker.send(0, UpdateSecretOk.INSTANCE);
        assertThat(second).isCompletedWithValue(UpdateSecretOk.INSTANCE);
    }

    @Test
    void channelsNeedAnOpenConnection() {
        ScriptedBroker broker = ScriptedBroker.connected();
        assertThatThrownBy(() -> broker.connection.channel())
                .isInstanceOf(ConnectionWrongStateException.class)
                .hasMessageContaining("open connection");
    }

    @Test
    void openChannelFutureCompletesWhenTheChannelOpens() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        CompletableFuture<Channel> future = broker.connection.openChannel();
        broker.expect(1, dev.pika.spec.Channel.Open.class);
        assertThat(future).isNotDone();
        broker.send(1, new dev.pika.spec.Channel.OpenOk(""));

        assertThat(future.join().isOpen()).isTrue();
    }

    @Test
    void openChannelFutureFailsWhenTheBrokerRefusesTheChannel() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        CompletableFuture<Channel> future = broker.connection.openChannel();
        broker.expect(1, dev.pika.spec.Channel.Open.class);
        broker.send(1, new dev.pika.spec.Channel.Close(403, "ACCESS_REFUSED", 20, 10));
        broker.expect(1, dev.pika.spec.Channel.CloseOk.class);

        assertThat(future).isCompletedExceptionally();
        assertThat(Futures.failure(future)).hasMessageContaining("ACCESS_REFUSED");
    }

    @Test
    void theDrainedCallbackRunsWhenTheAdapterReportsIt() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        List<Connection> drained = new ArrayList<>();
        broker.connection.addOnWriteBufferDrainedCallback(drained::add);
        broker.connection.transport().writable(false);
        assertThat(broker.connection.isWritable()).isFalse();

        broker.connection.transport().writable(true);
        broker.connection.writeBufferDrained();

        assertThat(broker.connection.isWritable()).isTrue();
        assertThat(drained).containsExactly(broker.connection);
    }
}
