package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the broker is and who logs in: the addresses, credentials, virtual host and TLS material of
 * the connections the starter opens. The default, {@link PropertiesPikaConnectionDetails}, reads
 * {@code pika.*}; a bean of this type replaces it, as a Testcontainers {@code @ServiceConnection} on a
 * {@code RabbitMQContainer} and the embedded broker ({@code pika.embedded.enabled}) do. The other
 * {@code pika.*} settings (heartbeat, timeouts, limits...) still apply.
 *
 * <p>Implementations must be thread-safe; the starter reads them at start-up and at every reconnect.
 */
public interface PikaConnectionDetails extends ConnectionDetails {

    /**
     * The brokers to connect to, in order (at least one). {@code pika.shuffle-addresses} shuffles
     * them.
     *
     * @return the addresses
     */
    List<Address> getAddresses();

    /**
     * The first address.
     *
     * @return the first of {@link #getAddresses()}
     */
    default Address getFirstAddress() {
        List<Address> addresses = getAddresses();
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalStateException(getClass().getName() + ".getAddresses() returned no address");
        }
        return addresses.get(0);
    }

    /** The login user (SASL PLAIN). Default {@value ConnectionParameters#DEFAULT_USERNAME}. */
    default String getUsername() {
        return ConnectionParameters.DEFAULT_USERNAME;
    }

    /** The login password. Default {@value ConnectionParameters#DEFAULT_PASSWORD}. */
    default String getPassword() {
        return ConnectionParameters.DEFAULT_PASSWORD;
    }

    /** The virtual host. Default {@value ConnectionParameters#DEFAULT_VIRTUAL_HOST}. */
    default String getVirtualHost() {
        return ConnectionParameters.DEFAULT_VIRTUAL_HOST;
    }

    /**
     * The TLS material; a bundle turns TLS on. Default none: TLS only if {@code pika.ssl.enabled} asks
     * for it, then with the JDK's default trust.
     *
     * @return the bundle, or null
     */
    default SslBundle getSslBundle() {
        return null;
    }

    /**
     * A broker's host and port. Immutable and thread-safe.
     *
     * @param host the host name or IP address (IPv6 without brackets), not blank
     * @param port the port, between 1 and 65535
     */
    record Address(String host, int port) {

        /** Checks the host and port. */
        public Address {
            Objects.requireNonNull(host, "host must not be null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
            }
        }

        /** {@code host:port}, with IPv6 hosts in brackets. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
