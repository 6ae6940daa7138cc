package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.connection.ConnectionState;
import dev.pika.connection.ScriptedBroker;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Connection and channel methods refuse calls from other threads than the loop's, naming the way in. */
class LoopThreadTest {

    private final ScriptedBroker broker = ScriptedBroker.connected().open();
    private final Channel channel = broker.openChannel();

    private static void assertRefused(ThrowingCallable call, String operation) {
        assertThatThrownBy(call)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(operation)
                .hasMessageContaining("addCallbackThreadsafe");
    }

    @Test
    void offTheLoopEveryOperationFailsFast() {
        broker.io.inLoopThread(false);

        assertRefused(() -> broker.connection.channel(), "Connection.channel");
        assertRefused(() -> broker.connection.close(), "Connection.close");
        assertRefused(() -> broker.connection.updateSecret("s", "r"), "Connection.updateSecret");
        assertRefused(() -> broker.connection.addOnCloseCallback((c, e) -> {}), "Connection.addOnCloseCallback");
        assertRefused(() -> broker.connection.isBlocked(), "Connection.isBlocked");
        assertRefused(() -> channel.basicPublish("", "q", new byte[0]), "Channel.basicPublish");
        assertRefused(() -> channel.basicAck(1), "Channel.basicAck");
        assertRefused(() -> channel.basicConsume("q", (c, m, p, b) -> {}), "Channel.basicConsume");
        assertRefused(() -> channel.queueDeclare("q"), "Channel.queueDeclare");
        assertRefused(() -> channel.confirmDelivery(), "Channel.confirmDelivery");
        assertRefused(channel::close, "Channel.close");
        assertRefused(() -> channel.addOnReturnCallback((c, m, p, b) -> {}), "Channel.addOnReturnCallback");

        broker.io.inLoopThread(true);
        broker.expectNothing();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void stateQueriesAndTheLoopItselfWorkFromAnyThread() {
        broker.io.inLoopThread(false);

        assertThat(broker.connection.isOpen()).isTrue();
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.OPEN);
        assertThat(broker.connection.ioloop()).isSameAs(broker.io);
        assertThat(broker.connection.name()).isNotBlank();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertThat(channel.channelNumber()).isEqualTo(1);
        assertThat(channel.ioloop()).isSameAs(broker.io);
        assertThat(List.of(channel.isClosed(), channel.isClosing())).containsOnly(false);
    }

    @Test
    void workHandedToTheLoopRuns() {
        broker.io.inLoopThread(false);
        broker.connection.ioloop().addCallbackThreadsafe(() -> channel.basicPublish("", "q", new byte[] {4}));
        broker.io.inLoopThread(true);
        broker.io.runPending();

        assertThat(broker.expectContent(1, dev.pika.spec.Basic.Publish.class).body())
                .containsExactly(4);
    }
}
