package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One {@link SelectConnection} opened on its own background loop, driven from the test's thread: {@link #call} runs
 * code on the loop, {@link #await} waits for a future made there, {@link #closed} completes with the close reason.
 * {@link #close()} closes the connection (if open) and the loop.
 *
 * <p>Threading: any thread may use it; the connection and its channels are only touched on the loop's thread.
 */
final class SelectSession implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final SelectConnection connection;
    final IoLoop loop;
    final Thread loopThread;
    /** Completed with the reason when the open connection closes. */
    final CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();

    private SelectSession(ConnectionParameters params, IoLoop loop) {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        this.loop = loop;
        this.connection = new SelectConnection(
                params,
                opened::complete,
                (c, error) -> opened.completeExceptionally(error),
                (c, reason) -> closed.complete(reason),
                loop);
        this.loopThread = loop.startInBackground();
        try {
            Waits.await("connection open", opened, TIMEOUT);
        } catch (RuntimeException | Error e) {
            loop.close();
            throw e;
        }
    }

    /** Opens a connection with {@code params} on a new loop and waits until it is open. */
    static SelectSession open(ConnectionParameters params) {
        return new SelectSession(params, new IoLoop());
    }

    /** Runs {@code task} on the loop's thread and returns its result (rethrowing what it threw). */
    <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return join(result);
    }

    /** Runs {@code task} on the loop's thread. */
    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Runs {@code task} on the loop's thread and waits for the future it returns (rethrowing its failure). */
    <T> T await(Supplier<CompletableFuture<T>> task) {
        return join(call(task::get));
    }

    /** Opens a channel and waits until it is open. */
    Channel channel() {
        return await(connection::openChannel);
    }

    /** Whether the connection is open, asked on the loop. */
    boolean isOpen() {
        return call(connection::isOpen);
    }

    /** Waits for {@code future}, rethrowing its failure's cause unwrapped. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not completed within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!loop.isClosed() && !closed.isDone()) {
                run(() -> {
                    if (connection.isOpen()) {
                        connection.close();
                    }
                });
                Waits.await("connection closed", closed, TIMEOUT);
            }
        } finally {
            loop.close();
        }
    }
}
