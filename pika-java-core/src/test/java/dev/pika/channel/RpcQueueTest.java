package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.AmqpChannelException;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.spec.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RpcQueueTest {

    private final List<Method> sent = new ArrayList<>();
    private boolean full;
    private final RpcQueue queue = new RpcQueue(request -> {
        if (full) {
            throw new WriteBufferFullException(10, 10, 10);
        }
        sent.add(request);
    });

    private static RpcQueue.Call call(Method request, Class<? extends Method> reply, CompletableFuture<?> future) {
        return new RpcQueue.Call(request, reply, null, null, future);
    }

    @Test
    void oneRequestAtATime() {
        queue.submit(call(Tx.Select.INSTANCE, Tx.SelectOk.class, null));
        queue.submit(call(Tx.Commit.INSTANCE, Tx.CommitOk.class, null));

        assertThat(sent).containsExactly(Tx.Select.INSTANCE);
        assertThat(queue.expects(Tx.SelectOk.INSTANCE)).isTrue();
        assertThat(queue.expects(Tx.CommitOk.INSTANCE)).isFalse();

        queue.complete(Tx.SelectOk.INSTANCE, null, null);
        assertThat(sent).containsExactly(Tx.Select.INSTANCE, Tx.Commit.INSTANCE);
        queue.complete(Tx.CommitOk.INSTANCE, null, null);
        assertThat(queue.isIdle()).isTrue();
    }

    @Test
    void aRequestThatCannotBeSentStaysQueuedAndFailsWithTheRest() {
        List<String> handled = new ArrayList<>();
        queue.submit(new RpcQueue.Call(
                Tx.Select.INSTANCE, Tx.SelectOk.class, null, (r, p, b) -> handled.add("select ok"), null));
        CompletableFuture<Queue.PurgeOk> purge = new CompletableFuture<>();
        queue.submit(call(new Queue.Purge(0, "q", false), Queue.PurgeOk.class, purge));
        full = true;

        assertThatThrownBy(() -> queue.complete(Tx.SelectOk.INSTANCE, null, null))
                .isInstanceOf(WriteBufferFullException.class);
        assertThat(handled).containsExactly("select ok");
        assertThat(queue.isIdle()).isFalse();

        AmqpChannelException reason = new AmqpChannelException("closed");
        queue.failAll(reason);
        assertThat(purge).isCompletedExceptionally();
        assertThat(queue.isIdle()).isTrue();
    }

    @Test
    void aRequestThatCannotBeSentAtOnceChangesNothing() {
        full = true;
        assertThatThrownBy(() -> queue.submit(call(Tx.Select.INSTANCE, Tx.SelectOk.class, null)))
                .isInstanceOf(WriteBufferFullException.class);

        assertThat(queue.isIdle()).isTrue();
        assertThat(queue.inFlightRequest()).isNull();
    }
}
