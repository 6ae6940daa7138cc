package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.connection.Futures;
import dev.pika.connection.ScriptedBroker;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelClosedByClientException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.InvalidChannelNumberException;
import dev.pika.exceptions.NoFreeChannelsException;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel.Close;
import dev.pika.spec.Channel.CloseOk;
import dev.pika.spec.Channel.Open;
import dev.pika.spec.Channel.OpenOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Opening and closing channels in both directions, and channel numbers. */
class ChannelLifecycleTest {

    private final ScriptedBroker broker = ScriptedBroker.connected().open();
    private final List<AmqpException> reasons = new ArrayList<>();

    @Test
    void aChannelOpensOnOpenOk() {
        List<Channel> opened = new ArrayList<>();
        Channel channel = broker.connection.channel(opened::add);

        assertThat(channel.state()).isEqualTo(ChannelState.OPENING);
        assertThat(channel.channelNumber()).isEqualTo(1);
        assertThat(broker.expect(1, Open.class).outOfBand()).isEmpty();
        assertThatThrownBy(() -> channel.basicQos(10))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("opening");

        broker.send(1, new OpenOk(""));

        assertThat(opened).containsExactly(channel);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void clientCloseWaitsForCloseOk() {
        Channel channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> reasons.add(reason));

        channel.close();

        assertThat(channel.isClosing()).isTrue();
        Close close = broker.expect(1, Close.class);
        assertThat(close.replyCode()).isEqualTo(200);
        assertThat(close.replyText()).isEqualTo("Normal shutdown");
        assertThat(reasons).isEmpty();
        broker.send(1, CloseOk.INSTANCE);

        assertThat(channel.isClosed()).isTrue();
        assertThat(reasons).singleElement().isInstanceOfSatisfying(ChannelClosedByClientException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(200);
            assertThat(e.replyText()).isEqualTo("Normal shutdown");
        });
        assertThatThrownBy(channel::close).isInstanceOf(ChannelWrongStateException.class);
        assertThatThrownBy(() -> channel.basicPublish("", "q", new byte[0]))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void brokerCloseClosesOnlyThatChannel() {
        Channel doomed = broker.openChannel();
        Channel other = broker.openChannel();
        doomed.addOnCloseCallback((c, reason) -> reasons.add(reason));
        CompletableFuture<Queue.DeclareOk> declare = doomed.queueDeclare("missing", true, false, false, false, null);
        broker.expect(1, Queue.Declare.class);

        broker.send(1, new Close(404, "NOT_FOUND - no queue 'missing' in vhost '/'", 50, 10));

        broker.expect(1, CloseOk.class);
        assertThat(doomed.isClosed()).isTrue();
        assertThat(reasons).singleElement().isInstanceOfSatisfying(ChannelClosedByBrokerException.class, e -> {
            assertThat(e.replyCode()).isEqualTo(404);
            assertThat(e.replyText()).startsWith("NOT_FOUND");
        });
        assertThat(Futures.failure(declare)).isSameAs(reasons.get(0));
        assertThat(other.isOpen()).isTrue();
        assertThat(broker.connection.isOpen()).isTrue();
        // a later call fails on the channel's state, caused by the broker's close (adapters report that close)
        assertThatThrownBy(() -> doomed.basicQos(0, 10, false))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasCauseReference(reasons.get(0));
    }

    @Test
    void closingWhileOpeningSuppressesTheOpenCallback() {
        List<Channel> opened = new ArrayList<>();
        Channel channel = broker.connection.channel(opened::add);
        channel.addOnCloseCallback((c, reason) -> reasons.add(reason));
        broker.expect(1, Open.class);

        channel.close();
        assertThat(channel.isClosing()).isTrue();
        broker.expectNothing(); // Channel.Close waits for the reply to Channel.Open

        broker.send(1, new OpenOk(""));
        broker.expect(1, Close.class);
        assertThat(opened).isEmpty();
        broker.send(1, CloseOk.INSTANCE);

        assertThat(channel.isClosed()).isTrue();
        assertThat(reasons).singleElement().isInstanceOf(ChannelClosedByClientException.class);
    }

    @Test
    void bothSidesClosingAtOnceWaitsForTheCloseOkOfOurClose() {
        Channel channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> reasons.add(reason));
        channel.close();
        broker.expect(1, Close.class);

        broker.send(1, new Close(406, "PRECONDITION_FAILED", 60, 80));
        broker.expect(1, CloseOk.class);
        assertThat(channel.isClosing()).isTrue();
        assertThat(broker.connection.channel().channelNumber())
                .as("the number is not reused before the broker is done with it")
                .isEqualTo(2);
        broker.expect(2, Open.class);

        broker.send(1, CloseOk.INSTANCE);
        assertThat(channel.isClosed()).isTrue();
        assertThat(reasons).singleElement().isInstanceOf(ChannelClosedByBrokerException.class);
    }

    @Test
    void aBrokerCloseWhileOurCloseIsStillQueuedClosesAtOnce() {
        Channel channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> reasons.add(reason));
        CompletableFuture<Queue.DeclareOk> declare = channel.queueDeclare("q");
        broker.expect(1, Queue.Declare.class);
        channel.close();
        broker.expectNothing();

        broker.send(1, new Close(404, "NOT_FOUND", 50, 10));

        broker.expect(1, CloseOk.class);
        broker.expectNothing();
        assertThat(channel.isClosed()).isTrue();
        assertThat(reasons).singleElement().isInstanceOf(ChannelClosedByBrokerException.class);
        assertThat(Futures.failure(declare)).isSameAs(reasons.get(0));
    }

    @Test
    void closingCancelsTheConsumersFirst() {
        Channel channel = broker.openChannel();
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> {});
        broker.expect(1, Basic.Consume.class);
        broker.send(1, new Basic.ConsumeOk(tag));

        channel.close(200, "bye");

        Basic.Cancel cancel = broker.expect(1, Basic.Cancel.class);
        assertThat(cancel.consumerTag()).isEqualTo(tag);
        assertThat(cancel.nowait()).isTrue();
        assertThat(broker.expect(1, Close.class).replyCode()).isEqualTo(200);
    }

    @Test
    void channelNumbersAreTheLowestFreeOnes() {
        Channel one = broker.openChannel();
        Channel two = broker.openChannel();
        Channel three = broker.openChannel();
        two.close();
        broker.expect(2, Close.class);
        broker.send(2, CloseOk.INSTANCE);

        assertThat(broker.openChannel().channelNumber()).isEqualTo(2);
        assertThat(broker.openChannel().channelNumber()).isEqualTo(4);
        assertThat(one.channelNumber()).isEqualTo(1);
        assertThat(three.channelNumber()).isEqualTo(3);
    }

    @Test
    void noFreeChannelsAtChannelMax() {
        ScriptedBroker small = ScriptedBroker.connected().open(new Tune(2, 131072, 0));
        small.openChannel();
        small.openChannel();

        assertThatThrownBy(() -> small.connection.channel())
                .isInstanceOf(NoFreeChannelsException.class)
                .hasMessageContaining("1..2");
    }

    @Test
    void explicitChannelNumbersAreChecked() {
        Channel five = broker.connection.channel(5, null);
        assertThat(five.channelNumber()).isEqualTo(5);
        broker.expect(5, Open.class);

        assertThatThrownBy(() -> broker.connection.channel(5, null))
                .isInstanceOf(InvalidChannelNumberException.class)
                .hasMessageContaining("in use");
        assertThatThrownBy(() -> broker.connection.channel(0, null))
                .isInstanceOf(InvalidChannelNumberException.class)
                .hasMessageContaining("1 to 2047");
        assertThatThrownBy(() -> broker.connection.channel(2048, null))
                .isInstanceOf(InvalidChannelNumberException.class);
        assertThat(broker.connection.channel().channelNumber()).isEqualTo(1);
    }

    @Test
    void theCloseCallbacksRunOnceEvenWhenOneThrows() {
        Channel channel = broker.openChannel();
        channel.addOnCloseCallback((c, reason) -> {
            throw new IllegalStateException("application bug");
        });
        channel.addOnCloseCallback((c, reason) -> reasons.add(reason));
        channel.close();
        broker.expect(1, Close.class);
        broker.send(1, CloseOk.INSTANCE);

        assertThat(reasons).hasSize(1);
        assertThat(broker.connection.isOpen()).isTrue();
    }
}
