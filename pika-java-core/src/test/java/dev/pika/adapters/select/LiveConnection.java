package dev.pika.adapters.select;

import dev.pika.ConnectionParameters;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.testing.TestBroker;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link SelectConnection} under test, open on its own background loop, for integration tests written from the
 * test's thread: {@link #call} runs code on the loop, {@link #await} waits for a future made there, and the close
 * reason is kept. {@link #close()} closes the connection (if open) and the loop.
 */
final class LiveConnection implements AutoCloseable {

    final SelectConnection connection;
    final IoLoop loop;
    /** Completed with the reason when the open connection closes. */
    final CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();

    private LiveConnection(ConnectionParameters params) {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        this.connection = new SelectConnection(
                params,
                opened::complete,
                (c, error) -> opened.completeExceptionally(error),
                (c, reason) -> closed.complete(reason));
        this.loop = connection.ioloop();
        loop.startInBackground();
        try {
            Loops.await(opened);
        } catch (RuntimeException | Error e) {
            loop.close();
            throw e;
        }
    }

    /** Opens a connection with {@code params} and waits until it is open. */
    static LiveConnection open(ConnectionParameters params) {
        return new LiveConnection(params);
    }

    /** The test broker's parameters with a unique connection name (so that rabbitmqctl can find it). */
    static ConnectionParameters.Builder parameters(TestBroker broker) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder().connectionName(broker.name("connection"));
    }

    /** Opens a connection to the test broker and waits until it is open. */
    static LiveConnection open(TestBroker broker) {
        return open(parameters(broker).build());
    }

    /** The connection's name (its {@code connection_name}). */
    String name() {
        return connection.name();
    }

    /** Runs {@code task} on the loop's thread and returns its result. */
    <T> T call(Callable<T> task) {
        return Loops.onLoop(loop, task);
    }

    /** Runs {@code task} on the loop's thread. */
    void run(Runnable task) {
        Loops.onLoop(loop, task);
    }

    /** Runs {@code task} on the loop's thread and waits for the future it returns. */
    <T> T await(Supplier<CompletableFuture<T>> task) {
        return Loops.await(Loops.onLoop(loop, task::get));
    }

    /** Opens a channel and waits until it is open. */
    Channel channel() {
        return await(connection::openChannel);
    }

    /** Waits for the close reason. */
    AmqpConnectionException awaitClosed() {
        return Loops.await(closed);
    }

    @Override
    public void close() {
        try {
            if (!loop.isClosed() && connection.isOpen()) {
                run(() -> {
                    if (connection.isOpen()) {
                        connection.close();
                    }
                });
                awaitClosed();
            }
        } finally {
            loop.close();
        }
    }
}
