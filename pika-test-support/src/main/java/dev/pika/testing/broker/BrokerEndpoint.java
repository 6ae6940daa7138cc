package dev.pika.testing.broker;

import dev.pika.testing.BrokerKind;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a live broker answers and who it is: address, credentials, virtual host, and the product and
 * version it announced in {@code connection.start}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind the broker family, from {@code product}
 * @param product the {@code product} server property, e.g. {@code "RabbitMQ"}
 * @param version the {@code version} server property, e.g. {@code "3.10.8"}, or {@code ""} when absent
 * @param secure whether the connection uses TLS ({@code amqps})
 * @param host host name or address
 * @param port TCP port
 * @param username user name for PLAIN authentication
 * @param password password for PLAIN authentication
 * @param virtualHost virtual host name, e.g. {@code "/"}
 */
public record BrokerEndpoint(
        BrokerKind kind,
        String product,
        String version,
        boolean secure,
        String host,
        int port,
        String username,
        String password,
        String virtualHost) {

    /** Checks the arguments. */
    public BrokerEndpoint {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(product, "product must not be null; pass \"\" when the broker sent none");
        Objects.requireNonNull(version, "version must not be null; pass \"\" when the broker sent none");
        Objects.requireNonNull(host, "host must not be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, was " + port);
        }
        Objects.requireNonNull(username, "username must not be null");
        Objects.requireNonNull(password, "password must not be null");
        Objects.requireNonNull(virtualHost, "virtualHost must not be null; the default virtual host is \"/\"");
    }

    /** The AMQP URI of this endpoint with the password in clear, e.g. {@code amqp://guest:guest@localhost:5672/%2F}. */
    public String uri() {
        return uri(false);
    }

    /** The AMQP URI with the password replaced by {@code ***}, for printing. */
    public String redactedUri() {
        return uri(true);
    }

    /** {@code host:port}. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Product and version, e.g. {@code "RabbitMQ 3.10.8"}. */
    public String productAndVersion() {
        String name = product.isEmpty() ? kind.displayName() : product;
        return version.isEmpty() ? name : name + " " + version;
    }

    private String uri(boolean redactPassword) {
        return (secure ? "amqps" : "amqp")
                + "://"
                + encode(username)
                + ":"
                + (redactPassword ? "***" : encode(password))
                + "@"
                + address()
                + "/"
                + encode(virtualHost);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (so {@code "/"} becomes {@code %2F}). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Like {@link #redactedUri()}: a record's generated {@code toString} would print the password. */
    @Override
    public String toString() {
        return "BrokerEndpoint[" + productAndVersion() + " at " + redactedUri() + "]";
    }
}
