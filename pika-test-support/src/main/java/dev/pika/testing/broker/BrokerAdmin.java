package dev.pika.testing.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Administrative operations on the test broker with the RabbitMQ Java client (never the client under
 * test): deleting the queues and exchanges tests registered. One connection per JVM, opened on first use
 * and reopened if it was lost (a test may have stopped or cut the broker).
 *
 * <p>Thread-safe: the connection is shared, each operation uses its own channel.
 */
public final class BrokerAdmin implements AutoCloseable {

    /** The {@code connection_name} of the admin connection, so tools that list connections can tell it apart. */
    public static final String CONNECTION_NAME = "pika-test-admin";

    private final BrokerEndpoint endpoint;
    private Connection connection;
    private boolean closed;

    BrokerAdmin(BrokerEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /**
     * A new RabbitMQ Java client factory for this endpoint (no automatic recovery, 5 s connect and
     * handshake bounds); tests use it for interop or setup, never as the client under test.
     */
    public static ConnectionFactory connectionFactory(BrokerEndpoint endpoint) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(endpoint.host());
        factory.setPort(endpoint.port());
        factory.setUsername(endpoint.username());
        factory.setPassword(endpoint.password());
        factory.setVirtualHost(endpoint.virtualHost());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setShutdownTimeout(5_000);
        if (endpoint.secure()) {
            try {
                factory.useSslProtocol();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
            }
        }
        return factory;
    }

    /**
     * Deletes each name as a queue and as an exchange; a name that is neither is fine.
     *
     * @return {@code null} when the broker was reachable, else why clean-up was skipped
     */
    public String deleteQueuesAndExchanges(Collection<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        Connection conn;
        try {
            conn = connection();
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "could not reach the broker to delete " + names + ": " + e;
        }
        for (String name : names) {
            quietly(conn, channel -> channel.queueDelete(name));
            quietly(conn, channel -> channel.exchangeDelete(name));
        }
        return null;
    }

    private synchronized Connection connection() throws IOException, TimeoutException {
        if (closed) {
            throw new IllegalStateException("the admin connection is closed (JVM shutting down)");
        }
        if (connection == null || !connection.isOpen()) {
            connection = connectionFactory(endpoint).newConnection(CONNECTION_NAME);
        }
        return connection;
    }

    /** An operation on a channel whose failure (e.g. 404 on Qpid for a missing queue) is expected. */
    @FunctionalInterface
    private interface ChannelOperation {
        void run(Channel channel) throws IOException;
    }

    private static void quietly(Connection conn, ChannelOperation operation) {
        try (Channel channel = conn.createChannel()) {
            operation.run(channel);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // the entity did not exist (Qpid closes the channel with 404) or the channel is gone: nothing to delete
        }
    }

    /** Closes the admin connection; later calls fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(2_000);
            } catch (IOException | RuntimeException e) {
                // shutting down: the broker may be gone already
            }
        }
        connection = null;
    }
}
