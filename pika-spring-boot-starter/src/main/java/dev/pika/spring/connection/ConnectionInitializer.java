package dev.pika.spring.connection;

import dev.pika.connection.Connection;
import java.util.concurrent.CompletableFuture;

/**
 * Prepares a newly opened core connection before it counts as open: declares the topology
 * ({@code PikaAdmin} is one). Every initializer runs each time a core connection opens, the first
 * time and after every recovery, before the {@link PikaConnectionListener}s are told; the connection
 * waits for the returned futures (bounded by the factory's initialization timeout).
 *
 * <p>Threading: {@link #initialize} is called on the connection's I/O thread and must not block: do
 * the work with the core API's futures and return the last one.
 */
@FunctionalInterface
public interface ConnectionInitializer {

    /**
     * Prepares the connection.
     *
     * @param connection the managed connection
     * @param amqpConnection the open core connection
     * @param recovery {@code false} the first time, {@code true} after a recovery
     * @return completed when done; a failure at the first opening fails the application's start-up
     *     (the initializer decides: complete normally to only log a problem); after a recovery it is
     *     logged and the connection is used anyway
     */
    CompletableFuture<Void> initialize(PikaConnection connection, Connection amqpConnection, boolean recovery);
}
