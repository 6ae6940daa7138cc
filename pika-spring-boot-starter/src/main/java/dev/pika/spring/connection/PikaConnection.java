package dev.pika.spring.connection;

import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A long-lived, self-healing connection handed out by {@link PikaConnectionFactory}. Behind it, one
 * core {@link Connection} at a time ({@code SelectConnection}) runs on this connection's own I/O loop
 * thread ({@code pika-io-N}); when it is lost, the recovery policy opens a new one (trying every
 * configured address), runs the {@link ConnectionInitializer}s (declarations) and tells the {@link
 * PikaConnectionListener}s, which reopen their channels and consumers.
 *
 * <p>Channels belong to one core connection: a channel from {@link #openChannel()} closes with it
 * and is not reopened by the recovery; a component that needs a channel across recoveries opens a new
 * one from {@link PikaConnectionListener#onOpened}.
 *
 * <p>Threading: every method here is safe from any thread and never blocks, except where it says
 * otherwise. Code that uses the core {@link Connection} or {@link Channel} runs on the I/O thread:
 * hand it in with {@link #execute(Runnable)}; on that thread, {@link #amqpConnection()} gives the
 * current core connection. Listener callbacks run on the I/O thread too and must not block it.
 */
public interface PikaConnection {

    /**
     * The connection's name: its {@code connection_name} on the broker, and its name in logs, events,
     * health and metrics.
     *
     * @return the name
     */
    String name();

    /**
     * Whether the connection is open now. Any thread, non-blocking.
     *
     * @return {@code true} when open
     */
    boolean isOpen();

    /**
     * The state now. Any thread, non-blocking.
     *
     * @return the state
     */
    PikaConnectionState state();

    /**
     * Everything known about the connection now, as one immutable value. Any thread, non-blocking:
     * made for health indicators and metrics.
     *
     * @return the latest snapshot
     */
    ConnectionSnapshot snapshot();

    /**
     * The broker's server properties of the current (or last) connection: {@code product}, {@code
     * version}, {@code capabilities}... Any thread.
     *
     * @return an immutable map, empty before the first connection
     */
    default Map<String, Object> serverProperties() {
        return snapshot().serverProperties();
    }

    /**
     * Whether the broker has blocked the connection ({@code Connection.Blocked}, a resource alarm).
     * Any thread.
     *
     * @return {@code true} while blocked
     */
    default boolean isBlocked() {
        return snapshot().blocked();
    }

    /**
     * Opens a channel on the current core connection. Any thread; the channel is opened on the I/O
     * thread, and the future completes there. A stage attached after completion runs on the attaching
     * thread, so use the channel in a stage that is sure to run on the I/O thread: {@code
     * openChannel().thenComposeAsync(channel -> channel.queueDeclare(...), connection::execute)}. Do not
     * block in stages that run on the I/O thread.
     *
     * @return completed with the open channel; failed with {@link ConnectionUnavailableException} when
     *     the connection is not open, or with the channel's close reason
     */
    CompletableFuture<Channel> openChannel();

    /**
     * Runs {@code task} on the connection's I/O thread (the loop's {@code addCallbackThreadsafe}:
     * lock-free, in submission order). From the I/O thread itself, the task runs on a later loop turn.
     *
     * @param task the task; what it throws is logged
     * @throws ConnectionUnavailableException when the connection is closed (its loop has stopped)
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} with the connection's I/O loop, on the calling thread when the loop is idle: the calling
     * thread then runs the task and writes what it sent itself, saving the wake-up of the I/O thread and a thread
     * switch; otherwise the task is queued as by {@link #execute}. Either way the task runs after every task handed
     * in before it and never concurrently with the I/O thread's work, so it may use the connection's channels as
     * if it ran on the I/O thread. The task must not block; callbacks it triggers run on the calling thread. The
     * default queues the task.
     *
     * @param task the task; what it throws is logged
     * @return {@code true} when the task ran on the calling thread before this method returned
     * @throws ConnectionUnavailableException when the connection is closed (its loop has stopped)
     */
    default boolean runOrHandOff(Runnable task) {
        execute(task);
        return false;
    }

    /**
     * Whether the calling thread is this connection's I/O thread.
     *
     * @return {@code true} on the I/O thread
     */
    boolean isInLoopThread();

    /**
     * The current core connection. I/O thread only.
     *
     * @return the open core connection
     * @throws ConnectionUnavailableException when the connection is not open
     * @throws IllegalStateException when called from another thread
     */
    Connection amqpConnection();

    /**
     * Adds a listener. Any thread. A listener added while the connection is open is not told about the
     * opening that already happened: check {@link #isOpen()} (or call {@link #execute(Runnable)} and
     * {@link #amqpConnection()}) after adding it.
     *
     * @param listener the listener
     */
    void addListener(PikaConnectionListener listener);

    /**
     * Removes a listener. Any thread.
     *
     * @param listener the listener
     */
    void removeListener(PikaConnectionListener listener);
}
