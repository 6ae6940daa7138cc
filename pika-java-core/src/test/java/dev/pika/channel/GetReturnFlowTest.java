package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.connection.Futures;
import dev.pika.connection.ScriptedBroker;
import dev.pika.exceptions.DuplicateGetOkCallbackException;
import dev.pika.spec.Basic;
import dev.pika.spec.Channel.Flow;
import dev.pika.spec.Channel.FlowOk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** basic.get, returns, and channel flow in both directions. */
class GetReturnFlowTest {

    private final ScriptedBroker broker = ScriptedBroker.connected().open();
    private final Channel channel = broker.openChannel();

    @Test
    void basicGetDeliversTheMessage() {
        List<GetResult> results = new ArrayList<>();
        channel.basicGet("q", results::add);
        Basic.Get get = broker.expect(1, Basic.Get.class);
        assertThat(get.queue()).isEqualTo("q");
        assertThat(get.noAck()).isFalse();

        BasicProperties properties = BasicProperties.builder().messageId("m-1").build();
        broker.sendContent(1, new Basic.GetOk(9, false, "", "q", 4), properties, new byte[] {1, 2, 3});

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.isEmpty()).isFalse();
            assertThat(result.method().deliveryTag()).isEqualTo(9);
            assertThat(result.method().messageCount()).isEqualTo(4);
            assertThat(result.properties()).isEqualTo(properties);
            assertThat(result.body()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void basicGetOnAnEmptyQueueSignalsEmpty() {
        CompletableFuture<GetResult> result = channel.basicGet("q", true);
        assertThat(broker.expect(1, Basic.Get.class).noAck()).isTrue();
        broker.send(1, new Basic.GetEmpty(""));

        assertThat(result.join().isEmpty()).isTrue();
        assertThat(result.join()).isSameAs(GetResult.empty());
    }

    @Test
    void onlyOneGetMayBeOutstanding() {
        channel.basicGet("q");
        assertThatThrownBy(() -> channel.basicGet("q", r -> {})).isInstanceOf(DuplicateGetOkCallbackException.class);
        broker.expect(1, Basic.Get.class);
        broker.send(1, new Basic.GetEmpty(""));

        CompletableFuture<GetResult> again = channel.basicGet("q");
        broker.expect(1, Basic.Get.class);
        broker.sendContent(1, new Basic.GetOk(1, false, "", "q", 0), BasicProperties.EMPTY, new byte[] {5});
        assertThat(again.join().body()).containsExactly(5);
    }

    @Test
    void aGetThatIsNeverAnsweredFailsWhenTheChannelCloses() {
        CompletableFuture<GetResult> result = channel.basicGet("q");
        broker.expect(1, Basic.Get.class);
        broker.send(1, new dev.pika.spec.Channel.Close(404, "NOT_FOUND", 60, 70));

        assertThat(Futures.failure(result)).hasMessageContaining("NOT_FOUND");
    }

    @Test
    void returnsReachTheReturnCallbacks() {
        List<String> returns = new ArrayList<>();
        channel.addOnReturnCallback((ch, method, properties, body) -> returns.add(ch.channelNumber() + " "
                + method.replyCode() + " " + method.routingKey() + " " + properties.messageId() + " " + body.length));
        channel.basicPublish(
                "",
                "nowhere",
                new byte[] {1, 2},
                BasicProperties.builder().messageId("m").build(),
                true);
        assertThat(broker.expectContent(1, Basic.Publish.class).method())
                .isEqualTo(new Basic.Publish(0, "", "nowhere", true, false));

        broker.sendContent(
                1,
                new Basic.Return(312, "NO_ROUTE", "", "nowhere"),
                BasicProperties.builder().messageId("m").build(),
                new byte[] {1, 2});

        assertThat(returns).containsExactly("1 312 nowhere m 2");
    }

    @Test
    void flowFromTheBrokerIsAnswered() {
        List<Boolean> flows = new ArrayList<>();
        channel.addOnFlowCallback(flow -> flows.add(flow.active()));

        broker.send(1, new Flow(false));
        assertThat(broker.expect(1, FlowOk.class).active()).isFalse();
        assertThat(channel.isFlowActive()).isFalse();

        broker.send(1, new Flow(true));
        assertThat(broker.expect(1, FlowOk.class).active()).isTrue();
        assertThat(channel.isFlowActive()).isTrue();
        assertThat(flows).containsExactly(false, true);
    }

    @Test
    void flowFromTheClientReportsTheBrokersAnswer() {
        CompletableFuture<Boolean> stopped = channel.flow(false);
        assertThat(broker.expect(1, Flow.class).active()).isFalse();
        broker.send(1, new FlowOk(false));
        assertThat(stopped.join()).isFalse();
        assertThat(channel.isFlowActive()).isFalse();

        List<Boolean> answers = new ArrayList<>();
        channel.flow(true, answers::add);
        broker.expect(1, Flow.class);
        broker.send(1, new FlowOk(true));
        assertThat(answers).containsExactly(true);
    }
}
