package dev.pika.embedded;

/**
 * Renders the initial configuration of the embedded Qpid Broker-J: one PLAIN authentication provider
 * with one user, one AMQP port on the loopback interface (or the given address) and one in-memory
 * virtual host node.
 *
 * <p>The traps it avoids (see the project's FACTS): the Plain provider offers PLAIN on plain TCP only
 * with {@code secureOnlyMechanisms: []}; the port resolves virtual host names only with a {@code
 * nameAlias} and a {@code defaultAlias} (then {@code /}, the empty name and the node's own name
 * work); RabbitMQ queue arguments ({@code x-message-ttl}, {@code x-dead-letter-*}...) close the
 * connection with 542 unless {@code queue.behaviourOnUnknownDeclareArgument} is {@code IGNORE}; and
 * the default preference store is a JSON file, replaced by the {@code Noop} store so that nothing is
 * written.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class QpidInitialConfiguration {

    /** The model version of Qpid Broker-J 9.x's configuration. */
    static final String MODEL_VERSION = "9.1";

    /** The name of the virtual host node and virtual host behind {@code /} and the empty name. */
    static final String DEFAULT_NODE_NAME = "default";

    private QpidInitialConfiguration() {}

    /**
     * The virtual host node's name for a virtual host the clients ask for: {@value #DEFAULT_NODE_NAME}
     * for {@code /} and the empty name (both reach it through the default alias), else the name itself.
     */
    static String nodeName(String virtualHost) {
        return virtualHost.isEmpty() || virtualHost.equals("/") ? DEFAULT_NODE_NAME : virtualHost;
    }

    /**
     * The broker configuration as JSON.
     *
     * @param brokerName the broker's name (shown in Qpid's logs)
     * @param bindAddress the address the AMQP port listens on
     * @param port the port, 0 for a free one
     * @param username the one user
     * @param password its password
     * @param virtualHost the virtual host clients use
     * @return the JSON document
     */
    static String render(
            String brokerName, String bindAddress, int port, String username, String password, String virtualHost) {
        String node = nodeName(virtualHost);
        String virtualHostConfiguration = "{\"type\": \"Memory\", \"name\": " + quote(node) + "}";
        return "{\n"
                + "  \"name\": " + quote(brokerName) + ",\n"
                + "  \"modelVersion\": " + quote(MODEL_VERSION) + ",\n"
                + "  \"context\": {\n"
                + "    \"queue.behaviourOnUnknownDeclareArgument\": \"IGNORE\",\n"
                + "    \"broker.shutdownTimeout\": \"5000\"\n"
                + "  },\n"
                + "  \"authenticationproviders\": [{\n"
                + "    \"name\": \"plain\",\n"
                + "    \"type\": \"Plain\",\n"
                + "    \"secureOnlyMechanisms\": [],\n"
                + "    \"users\": [{\"name\": " + quote(username) + ", \"type\": \"managed\", \"password\": "
                + quote(password) + "}]\n"
                + "  }],\n"
                + "  \"ports\": [{\n"
                + "    \"name\": \"AMQP\",\n"
                + "    \"port\": " + port + ",\n"
                + "    \"bindingAddress\": " + quote(bindAddress) + ",\n"
                + "    \"authenticationProvider\": \"plain\",\n"
                + "    \"virtualhostaliases\": [\n"
                + "      {\"name\": \"nameAlias\", \"type\": \"nameAlias\"},\n"
                + "      {\"name\": \"defaultAlias\", \"type\": \"defaultAlias\"}\n"
                + "    ]\n"
                + "  }],\n"
                + "  \"virtualhostnodes\": [{\n"
                + "    \"name\": " + quote(node) + ",\n"
                + "    \"type\": \"Memory\",\n"
                + "    \"defaultVirtualHostNode\": \"true\",\n"
                + "    \"virtualHostInitialConfiguration\": " + quote(virtualHostConfiguration) + "\n"
                + "  }]\n"
                + "}\n";
    }

    /** A JSON string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
