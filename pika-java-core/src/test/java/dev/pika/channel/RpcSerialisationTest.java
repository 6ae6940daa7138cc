package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.connection.Futures;
import dev.pika.connection.ScriptedBroker;
import dev.pika.exceptions.ChannelClosedByClientException;
import dev.pika.spec.Basic;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Synchronous methods go out one at a time, in order, each after the previous reply (Pika's _rpc). */
class RpcSerialisationTest {

    private final ScriptedBroker broker = ScriptedBroker.connected().open();
    private final Channel channel = broker.openChannel();
    private final List<String> order = new ArrayList<>();

    @Test
    void requestsWaitForThePreviousReplyAndCompleteInOrder() {
        channel.exchangeDeclare("x", "topic", false, true, false, false, null, ok -> order.add("exchange declared"));
        CompletableFuture<Queue.DeclareOk> queue = channel.queueDeclare("q");
        queue.thenRun(() -> order.add("queue declared"));
        channel.queueBind("q", "x", "a.*", null, ok -> order.add("bound"));

        Exchange.Declare declare = broker.expect(1, Exchange.Declare.class);
        assertThat(declare.type()).isEqualTo("topic");
        assertThat(declare.durable()).isTrue();
        assertThat(declare.nowait()).isFalse();
        broker.expectNothing();

        broker.send(1, Exchange.DeclareOk.INSTANCE);
        assertThat(broker.expect(1, Queue.Declare.class).queue()).isEqualTo("q");
        broker.expectNothing();

        broker.send(1, new Queue.DeclareOk("q", 0, 0));
        Queue.Bind bind = broker.expect(1, Queue.Bind.class);
        assertThat(bind.routingKey()).isEqualTo("a.*");
        broker.send(1, Queue.BindOk.INSTANCE);

        assertThat(order).containsExactly("exchange declared", "queue declared", "bound");
        assertThat(queue.join().queue()).isEqualTo("q");
    }

    @Test
    void nowaitRequestsKeepTheirPlaceInTheQueue() {
        channel.queueDeclare("a");
        channel.queueDeclare("b", false, false, false, false, null, null); // nowait
        channel.queueBind("b", "amq.direct", null, null, null); // nowait, routing key defaults to the queue
        channel.queuePurge("b");

        assertThat(broker.expect(1, Queue.Declare.class).queue()).isEqualTo("a");
        broker.expectNothing();
        broker.send(1, new Queue.DeclareOk("a", 0, 0));

        Queue.Declare nowaitDeclare = broker.expect(1, Queue.Declare.class);
        assertThat(nowaitDeclare.queue()).isEqualTo("b");
        assertThat(nowaitDeclare.nowait()).isTrue();
        Queue.Bind bind = broker.expect(1, Queue.Bind.class);
        assertThat(bind.nowait()).isTrue();
        assertThat(bind.routingKey()).isEqualTo("b");
        assertThat(broker.expect(1, Queue.Purge.class).nowait()).isFalse();
        broker.expectNothing();
    }

    @Test
    void asynchronousMethodsDoNotWait() {
        channel.queueDeclare("a");
        broker.expect(1, Queue.Declare.class);

        channel.basicPublish("", "a", new byte[] {1});
        channel.basicAck(7);

        assertThat(broker.expectContent(1, Basic.Publish.class).body()).containsExactly(1);
        assertThat(broker.expect(1, Basic.Ack.class).deliveryTag()).isEqualTo(7);
    }

    @Test
    void aCallbackMayIssueTheNextRequest() {
        channel.queueDeclare(
                "",
                false,
                false,
                true,
                false,
                null,
                ok -> channel.queueBind(
                        ok.queue(), "amq.fanout", null, null, bound -> order.add("bound " + ok.queue())));
        broker.expect(1, Queue.Declare.class);
        broker.send(1, new Queue.DeclareOk("amq.gen-1", 0, 0));
        assertThat(broker.expect(1, Queue.Bind.class).queue()).isEqualTo("amq.gen-1");
        broker.send(1, Queue.BindOk.INSTANCE);

        assertThat(order).containsExactly("bound amq.gen-1");
    }

    @Test
    void everyMethodSendsWhatPikaSends() {
        Map<String, Object> args = Map.of("x-match", "all");
        channel.exchangeDelete("x", true, null);
        channel.exchangeBind("d", "s", "rk", args, null);
        channel.exchangeUnbind("d", "s", "rk", args, null);
        channel.queueUnbind("q", "x");
        channel.queueDelete("q", true, true, null);
        channel.basicQos(0, 50, true, null);
        channel.basicRecover(true);
        channel.txSelect();
        channel.txCommit();
        channel.txRollback();

        Exchange.Delete delete = broker.expect(1, Exchange.Delete.class);
        assertThat(delete.ifUnused()).isTrue();
        assertThat(delete.nowait()).isTrue();
        Exchange.Bind bind = broker.expect(1, Exchange.Bind.class);
        assertThat(List.of(bind.destination(), bind.source(), bind.routingKey()))
                .containsExactly("d", "s", "rk");
        assertThat(bind.arguments()).isEqualTo(args);
        assertThat(broker.expect(1, Exchange.Unbind.class).nowait()).isTrue();
        Queue.Unbind unbind = broker.expect(1, Queue.Unbind.class);
        assertThat(unbind.routingKey()).isEqualTo("q");
        broker.send(1, Queue.UnbindOk.INSTANCE);
        Queue.Delete queueDelete = broker.expect(1, Queue.Delete.class);
        assertThat(queueDelete.ifUnused()).isTrue();
        assertThat(queueDelete.ifEmpty()).isTrue();
        Basic.Qos qos = broker.expect(1, Basic.Qos.class);
        assertThat(qos.prefetchCount()).isEqualTo(50);
        assertThat(qos.global()).isTrue();
        broker.send(1, Basic.QosOk.INSTANCE);
        assertThat(broker.expect(1, Basic.Recover.class).requeue()).isTrue();
        broker.send(1, Basic.RecoverOk.INSTANCE);
        broker.expect(1, Tx.Select.class);
        broker.send(1, Tx.SelectOk.INSTANCE);
        broker.expect(1, Tx.Commit.class);
        broker.send(1, Tx.CommitOk.INSTANCE);
        broker.expect(1, Tx.Rollback.class);
        broker.send(1, Tx.RollbackOk.INSTANCE);
        broker.expectNothing();
    }

    @Test
    void pendingAndQueuedFuturesFailWhenTheChannelCloses() {
        CompletableFuture<Queue.DeclareOk> inFlight = channel.queueDeclare("a");
        CompletableFuture<Queue.PurgeOk> queued = channel.queuePurge("a");
        List<Method> callbacks = new ArrayList<>();
        channel.queueDelete("a", false, false, callbacks::add);
        broker.expect(1, Queue.Declare.class);

        channel.close();
        broker.send(1, new Queue.DeclareOk("a", 0, 0));
        broker.expect(1, Queue.Purge.class);
        broker.send(1, new dev.pika.spec.Channel.Close(406, "PRECONDITION_FAILED", 50, 30));
        broker.expect(1, dev.pika.spec.Channel.CloseOk.class);

        assertThat(inFlight).isCompleted();
        assertThat(Futures.failure(queued)).hasMessageContaining("PRECONDITION_FAILED");
        assertThat(callbacks).isEmpty();
        assertThat(channel.isClosed()).isTrue();
    }

    @Test
    void replyCallbacksThatThrowDoNotBreakTheQueue() {
        channel.queueDeclare("a", false, false, false, false, null, ok -> {
            throw new IllegalStateException("application bug");
        });
        CompletableFuture<Queue.DeclareOk> next = channel.queueDeclare("b");
        broker.expect(1, Queue.Declare.class);
        broker.send(1, new Queue.DeclareOk("a", 0, 0));
        broker.expect(1, Queue.Declare.class);
        broker.send(1, new Queue.DeclareOk("b", 0, 0));

        assertThat(next.join().queue()).isEqualTo("b");
    }

    @Test
    void closeWaitsBehindPendingRequests() {
        List<Object> closed = new ArrayList<>();
        channel.addOnCloseCallback((c, reason) -> closed.add(reason));
        channel.queueDeclare("a");
        channel.close();
        broker.expect(1, Queue.Declare.class);
        broker.expectNothing();
        broker.send(1, new Queue.DeclareOk("a", 0, 0));
        broker.expect(1, dev.pika.spec.Channel.Close.class);
        broker.send(1, dev.pika.spec.Channel.CloseOk.INSTANCE);

        assertThat(closed).singleElement().isInstanceOf(ChannelClosedByClientException.class);
    }
}
