package dev.pika.spring.connection;

import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.spring.connection.event.PikaConnectionEvent;

/**
 * Follows a {@link PikaConnection} through openings, losses and recoveries: the hook for components
 * that hold channels (a publisher, listener containers) and for health and metrics.
 *
 * <p>Threading: {@link #onOpened}, {@link #onLost}, {@link #onBlocked} and {@link #onUnblocked} run on
 * the connection's I/O thread, so they may use the core connection directly (open channels, consume),
 * but must not block. {@link #onEvent} runs on the connection's recovery thread ({@code
 * pika-recovery-N}), in the order of the state changes, just before the same event is published to
 * the Spring context. What a callback throws is logged and ignored.
 */
public interface PikaConnectionListener {

    /**
     * A core connection opened and the {@link ConnectionInitializer}s (declarations) ran: open
     * channels, re-subscribe. I/O thread.
     *
     * @param connection the managed connection
     * @param amqpConnection the new, open core connection
     * @param recovered {@code false} the first time, {@code true} after a recovery
     */
    default void onOpened(PikaConnection connection, Connection amqpConnection, boolean recovered) {}

    /**
     * The core connection closed without the application asking (the broker closed it, the network
     * failed, heartbeats stopped). Its channels are already closed and their pending futures failed.
     * Recovery, if enabled, starts next. I/O thread.
     *
     * @param connection the managed connection
     * @param cause why
     */
    default void onLost(PikaConnection connection, AmqpConnectionException cause) {}

    /**
     * The broker blocked the connection (RabbitMQ's {@code Connection.Blocked}: memory or disk alarm):
     * publishes are held until it unblocks. I/O thread.
     *
     * @param connection the managed connection
     * @param reason the broker's reason
     */
    default void onBlocked(PikaConnection connection, String reason) {}

    /**
     * The broker unblocked the connection. I/O thread.
     *
     * @param connection the managed connection
     */
    default void onUnblocked(PikaConnection connection) {}

    /**
     * A state change: connected, lost, recovering, recovered, failed. Recovery thread; the same event
     * is then published as a Spring application event.
     *
     * @param event the event
     */
    default void onEvent(PikaConnectionEvent event) {}
}
