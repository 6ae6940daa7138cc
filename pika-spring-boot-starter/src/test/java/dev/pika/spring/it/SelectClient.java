package dev.pika.spring.it;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.channel.GetResult;
import dev.pika.connection.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The tests' independent view of the broker: the core's {@link SelectConnection} on its own loop
 * thread, with blocking helpers (each operation on a fresh channel). Not the client under test.
 */
final class SelectClient implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final IoLoop loop = new IoLoop();
    private final Connection connection;

    SelectClient(String uri) throws Exception {
        loop.startInBackground("select-client");
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        ConnectionParameters params = ConnectionParameters.fromUrl(uri).toBuilder()
                .connectionName("starter-it-reader")
                .build();
        CompletableFuture<Connection> created = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> created.complete(
                new SelectConnection(params, opened::complete, (c, e) -> opened.completeExceptionally(e), null, loop)));
        created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        this.connection = opened.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    <T> T onChannel(Function<Channel, CompletableFuture<T>> operation) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> connection.openChannel().whenComplete((channel, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            operation.apply(channel).whenComplete((value, failure) -> {
                if (channel.isOpen()) {
                    channel.close(200, "Normal shutdown"); // Qpid does not answer Pika's default code 0
                }
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        }));
        return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    GetResult get(String queue) throws Exception {
        return onChannel(channel -> channel.basicGet(queue, true));
    }

    /** Every message of the queue, taken with auto-ack, one get after the other on one channel. */
    List<GetResult> drain(String queue) throws Exception {
        return onChannel(channel -> {
            CompletableFuture<List<GetResult>> all = new CompletableFuture<>();
            drainNext(channel, queue, new ArrayList<>(), all);
            return all;
        });
    }

    private static void drainNext(
            Channel channel, String queue, List<GetResult> taken, CompletableFuture<List<GetResult>> all) {
        channel.basicGet(queue, true).whenComplete((next, error) -> {
            if (error != null) {
                all.completeExceptionally(error);
            } else if (next.isEmpty()) {
                all.complete(taken);
            } else {
                taken.add(next);
                drainNext(channel, queue, taken, all);
            }
        });
    }

    long messageCount(String queue) throws Exception {
        return onChannel(channel -> channel.queueDeclare(queue, true, false, false, false, null))
                .messageCount();
    }

    void declareQueue(String queue) throws Exception {
        onChannel(channel -> channel.queueDeclare(queue, false, false, false, false, null));
    }

    void deleteQueue(String queue) throws Exception {
        onChannel(channel -> channel.queueDelete(queue));
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            if (connection.isOpen()) {
                connection.addOnCloseCallback((c, e) -> closed.complete(null));
                connection.close();
            } else {
                closed.complete(null);
            }
        });
        try {
            closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.close();
    }

    static Duration timeout() {
        return Duration.ofSeconds(TIMEOUT_SECONDS);
    }
}
