package dev.pika.benchmarks.driver.amqpclient;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;

/**
 * The RabbitMQ Java client, set up per transport by a subclass.
 *
 * <p>Thread-safe: each {@link #connect(String, String)} builds its own {@code ConnectionFactory}.
 */
public abstract class AmqpClientDriver implements ClientDriver {

    /** Creates a driver. */
    protected AmqpClientDriver() {}

    /**
     * Chooses the transport on a new factory.
     *
     * @param factory the factory, already given the URI
     */
    protected abstract void configureTransport(ConnectionFactory factory);

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new DriverException("amqp-client refused the URI " + redact(uri) + ": " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        configureTransport(factory);
        try {
            Connection connection = factory.newConnection(connectionName);
            return new AmqpClientConnection(connection);
        } catch (Exception e) {
            throw new DriverException("amqp-client could not connect to " + redact(uri) + ": " + e, e);
        }
    }

    /**
     * The client library's version.
     *
     * @return the version from the client's own properties
     */
    protected static String clientVersion() {
        Object version = com.rabbitmq.client.impl.ClientVersion.VERSION;
        return String.valueOf(version);
    }

    static String redact(String uri) {
        return uri.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }
}
