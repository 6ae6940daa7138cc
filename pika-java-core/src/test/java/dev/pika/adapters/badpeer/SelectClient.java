package dev.pika.adapters.badpeer;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link SelectConnection} on its own {@link IoLoop} running on a {@code pika-io-N} thread. */
final class SelectClient implements ClientUnderTest {

    private final IoLoop loop = new IoLoop();
    private final Thread ioThread = loop.startInBackground();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<AmqpConnectionException> openError = new CompletableFuture<>();
    private final CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();
    private SelectConnection connection;

    @Override
    public AmqpConnectionException open(ConnectionParameters parameters, Duration bound) throws Exception {
        connection = new SelectConnection(
                parameters,
                open -> opened.complete(null),
                (failed, reason) -> openError.complete(reason),
                (gone, reason) -> closed.complete(reason),
                loop);
        CompletableFuture.anyOf(opened, openError).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        return openError.getNow(null);
    }

    @Override
    public void consume(Duration bound) throws Exception {
        CompletableFuture<String> consumeOk = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> connection.channel(channel -> channel.basicConsume(
                QUEUE,
                (ch, deliver, properties, body) -> {},
                false,
                false,
                CONSUMER_TAG,
                Map.of(),
                ok -> consumeOk.complete(ok.consumerTag()))));
        consumeOk.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public AmqpException awaitFailure(Duration bound) throws Exception {
        try {
            return closed.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The SelectConnection did not close within " + bound, e);
        }
    }

    @Override
    public Thread ioThread() {
        return ioThread;
    }

    @Override
    public void close() throws Exception {
        if (connection != null && opened.isDone() && !closed.isDone()) {
            loop.addCallbackThreadsafe(() -> {
                if (connection.isOpen()) {
                    connection.close();
                }
            });
            closed.get(15, TimeUnit.SECONDS);
        }
        loop.close();
    }

    @Override
    public String toString() {
        return "SelectConnection";
    }
}
