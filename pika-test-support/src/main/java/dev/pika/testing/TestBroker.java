package dev.pika.testing;

import com.rabbitmq.client.ConnectionFactory;
import dev.pika.testing.broker.BrokerAdmin;
import dev.pika.testing.broker.BrokerEndpoint;
import java.util.Objects;

/**
 * The live broker an integration test runs against, as {@link BrokerExtension} injects it (parameter or
 * field), plus unique, clean-up-registered names for the test's queues and exchanges.
 *
 * <pre>{@code
 * @PikaIntegrationTest
 * class OrdersIT {
 *     @Test
 *     void publishes(TestBroker broker) {
 *         String queue = broker.name("orders");        // pika-it.OrdersIT.publishes.orders.1a2b3c4d
 *         // connect to broker.uri() (or host/port/username/password/virtualHost) ...
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. The broker is the same for the whole JVM; the names belong to the test (or, when
 * injected into {@code @BeforeAll} or a static field, to the test class) and are deleted after it.
 */
public final class TestBroker {

    private final BrokerEndpoint endpoint;
    private final String description;
    private final TestScope scope;

    TestBroker(BrokerEndpoint endpoint, String description, TestScope scope) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.description = Objects.requireNonNull(description, "description must not be null");
        this.scope = Objects.requireNonNull(scope, "scope must not be null");
    }

    /** The AMQP URI, password included, e.g. {@code amqp://guest:guest@localhost:5672/%2F}. */
    public String uri() {
        return endpoint.uri();
    }

    /** Host name or address. */
    public String host() {
        return endpoint.host();
    }

    /** AMQP port. */
    public int port() {
        return endpoint.port();
    }

    /** User name (PLAIN). */
    public String username() {
        return endpoint.username();
    }

    /** Password (PLAIN). */
    public String password() {
        return endpoint.password();
    }

    /** Virtual host, e.g. {@code "/"}. */
    public String virtualHost() {
        return endpoint.virtualHost();
    }

    /** Whether the URI is {@code amqps}. */
    public boolean isSecure() {
        return endpoint.secure();
    }

    /** The broker family. */
    public BrokerKind kind() {
        return endpoint.kind();
    }

    /** Whether it is RabbitMQ (all features available). */
    public boolean isRabbitMq() {
        return endpoint.kind() == BrokerKind.RABBITMQ;
    }

    /** The product and version the broker announced, e.g. {@code "RabbitMQ 3.10.8"}. */
    public String productAndVersion() {
        return endpoint.productAndVersion();
    }

    /** How the run line names the broker, e.g. {@code "local RabbitMQ 3.10.8 on localhost:5672"}. */
    public String description() {
        return description;
    }

    /** The endpoint (address, credentials, identity) as one immutable value. */
    public BrokerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * A unique, readable name for a queue, an exchange or a {@code connection_name}:
     * {@code pika-it.<TestClass>.<method>.<hint>.<random>}. It is registered for clean-up: after the test,
     * a queue or exchange of that name is deleted. Safe for tests running in parallel on a shared broker.
     *
     * @param hint a short word saying what the name is for, e.g. {@code "orders"}
     * @throws IllegalArgumentException when the hint is blank
     */
    public String name(String hint) {
        return scope.name(hint);
    }

    /**
     * A new RabbitMQ Java client connection factory for this broker (no automatic recovery). For setup,
     * interop checks and administration; never as the client under test.
     */
    public ConnectionFactory amqpClientConnectionFactory() {
        return BrokerAdmin.connectionFactory(endpoint);
    }

    @Override
    public String toString() {
        return "TestBroker[" + description + ", " + endpoint.redactedUri() + "]";
    }
}
