package dev.pika.testing.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.pika.testing.BrokerKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Finds out whether an AMQP 0-9-1 broker answers at an address by opening (and closing) a real
 * connection with the RabbitMQ Java client, within a bound; a TCP connect alone would not tell a broker
 * from any other listener.
 *
 * <p>Immutable and thread-safe; each call opens its own connection.
 */
public final class AmqpProbe {

    private final Duration timeout;

    /**
     * @param timeout bound on the TCP connect and, separately, on the AMQP handshake
     */
    public AmqpProbe(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * Probes a broker with PLAIN credentials.
     *
     * @return the endpoint with the product/version the broker announced, or the reason it failed
     */
    public ProbeResult probe(
            boolean secure, String host, int port, String username, String password, String virtualHost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        if (secure) {
            try {
                factory.useSslProtocol();
            } catch (java.security.GeneralSecurityException e) {
                return ProbeResult.failed("TLS is not available in this JVM: " + e.getMessage());
            }
        }
        return probe(factory, secure);
    }

    /**
     * Probes the broker named by an AMQP URI ({@code amqp://user:pass@host:port/vhost}, or {@code amqps://}).
     *
     * @throws IllegalArgumentException when the URI is malformed, naming the source to fix
     */
    public ProbeResult probeUri(String uri, String source) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    source + " is not a valid AMQP URI (" + e.getMessage()
                            + "); expected amqp://user:password@host:port/vhost, e.g. amqp://guest:guest@localhost:5672/%2F",
                    e);
        }
        return probe(factory, factory.isSSL());
    }

    private ProbeResult probe(ConnectionFactory factory, boolean secure) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        factory.setConnectionTimeout(millis);
        factory.setHandshakeTimeout(millis);
        factory.setShutdownTimeout(millis);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setRequestedHeartbeat(0);
        String address = factory.getHost() + ":" + factory.getPort();
        try (Connection connection = factory.newConnection("pika-test-probe")) {
            Map<String, Object> server = connection.getServerProperties();
            String product = text(server.get("product"));
            String version = text(server.get("version"));
            return ProbeResult.answered(new BrokerEndpoint(
                    BrokerKind.fromProduct(product),
                    product,
                    version,
                    secure,
                    factory.getHost(),
                    factory.getPort(),
                    factory.getUsername(),
                    factory.getPassword(),
                    factory.getVirtualHost()));
        } catch (ConnectException e) {
            return ProbeResult.failed(address + " refused connection");
        } catch (SocketTimeoutException | TimeoutException e) {
            return ProbeResult.failed(address + " did not answer within " + timeout.toMillis() + " ms");
        } catch (UnknownHostException e) {
            return ProbeResult.failed(address + ": unknown host");
        } catch (PossibleAuthenticationFailureException e) {
            return ProbeResult.failed(address + " refused user " + factory.getUsername() + " (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed(address + " failed the AMQP handshake (" + describe(e) + ")");
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
