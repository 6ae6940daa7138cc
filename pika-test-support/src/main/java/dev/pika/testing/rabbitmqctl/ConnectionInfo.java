package dev.pika.testing.rabbitmqctl;

import java.util.Map;
import java.util.Objects;

/**
 * One client connection as {@code rabbitmqctl list_connections} reports it.
 *
 * <p>Immutable and thread-safe (the properties map is an unmodifiable copy; nested tables are maps too).
 *
 * @param pid the connection process id, as {@code close_connection} takes it, e.g. {@code <rabbit@host.1.797.0>}
 * @param name the broker's name for it, e.g. {@code 127.0.0.1:44614 -> 127.0.0.1:5672}
 * @param peerPort the client's TCP port
 * @param user the authenticated user
 * @param virtualHost the virtual host
 * @param clientProperties what the client sent in {@code connection.start-ok}
 */
public record ConnectionInfo(
        String pid, String name, int peerPort, String user, String virtualHost, Map<String, Object> clientProperties) {

    /** Checks and copies the arguments. */
    public ConnectionInfo {
        Objects.requireNonNull(pid, "pid must not be null");
        Objects.requireNonNull(name, "name must not be null");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The {@code connection_name} client property, or {@code null} when the client sent none. */
    public String connectionName() {
        Object value = clientProperties.get("connection_name");
        return value == null ? null : value.toString();
    }
}
