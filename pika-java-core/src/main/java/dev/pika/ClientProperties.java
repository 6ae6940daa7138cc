package dev.pika;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The client properties table sent in {@code Connection.StartOk}, as Pika's {@code
 * Connection._client_properties}: {@code product}, {@code version}, {@code platform}, {@code
 * information}, the {@code capabilities} table telling the broker which extensions this client
 * handles, and {@code connection_name} when the application named the connection (RabbitMQ shows it
 * in the management UI and {@code rabbitmqctl list_connections}).
 *
 * <p>The application's {@link ConnectionParameters#clientProperties()} are merged over the defaults:
 * its values win, except {@code capabilities}, whose entries are merged into the default
 * capabilities table.
 *
 * <p>Stateless utility; every method returns a new unmodifiable map and is safe from any thread.
 */
public final class ClientProperties {

    /** Key of the product name. */
    public static final String PRODUCT = "product";
    /** Key of the client version. */
    public static final String VERSION = "version";
    /** Key of the platform description. */
    public static final String PLATFORM = "platform";
    /** Key of the information text. */
    public static final String INFORMATION = "information";
    /** Key of the capabilities table. */
    public static final String CAPABILITIES = "capabilities";
    /** Key of the connection name, RabbitMQ's {@code connection_name}. */
    public static final String CONNECTION_NAME = "connection_name";

    /** The product name sent: {@value}. */
    public static final String DEFAULT_PRODUCT = "pika-java";
    /** The information text sent: {@value}. */
    public static final String DEFAULT_INFORMATION =
            "pika-java, a Java port of Pika (https://pika.readthedocs.io), the Python AMQP 0-9-1 client";
    /** The version reported when the build did not record one: {@value}. */
    public static final String UNKNOWN_VERSION = "dev";

    /** The capabilities this client implements, in the order sent; all true. */
    public static final List<String> CAPABILITY_NAMES = List.of(
            "authentication_failure_close",
            "basic.nack",
            "connection.blocked",
            "consumer_cancel_notify",
            "exchange_exchange_bindings",
            "publisher_confirms");

    private static final String VERSION_RESOURCE = "pika-java-version.properties";
    private static final String VERSION_VALUE = readVersion();

    private ClientProperties() {}

    /**
     * The client version: from the {@code dev/pika/pika-java-version.properties} resource the build writes, else the
     * jar manifest's {@code Implementation-Version}, else {@value #UNKNOWN_VERSION}.
     *
     * @return the version, never null
     */
    public static String version() {
        return VERSION_VALUE;
    }

    /**
     * The platform description, {@code "Java <version> (<vm name>)"}, e.g. {@code "Java 17.0.15
     * (OpenJDK 64-Bit Server VM)"}.
     *
     * @return the description
     */
    public static String platform() {
        return "Java " + System.getProperty("java.version", Runtime.version().toString()) + " ("
                + System.getProperty("java.vm.name", "unknown VM") + ")";
    }

    /**
     * The default capabilities table: every name of {@link #CAPABILITY_NAMES} mapped to true.
     *
     * @return a new unmodifiable, ordered map
     */
    public static Map<String, Object> capabilities() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (String name : CAPABILITY_NAMES) {
            capabilities.put(name, Boolean.TRUE);
        }
        return Collections.unmodifiableMap(capabilities);
    }

    /**
     * The default table: product, version, platform, information and capabilities.
     *
     * @return a new unmodifiable, ordered map
     */
    public static Map<String, Object> defaults() {
        return merge(Map.of(), null);
    }

    /**
     * The table to send: the defaults, then {@code userProperties} over them (capabilities merged
     * entry by entry), then {@code connection_name} when {@code connectionName} is not null.
     *
     * @param userProperties the application's client properties, may be empty, not null
     * @param connectionName the connection name, or null
     * @return a new unmodifiable, ordered map
     * @throws IllegalArgumentException when the user's {@code capabilities} is not a map
     */
    public static Map<String, Object> merge(Map<String, Object> userProperties, String connectionName) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PRODUCT, DEFAULT_PRODUCT);
        properties.put(VERSION, version());
        properties.put(PLATFORM, platform());
        properties.put(INFORMATION, DEFAULT_INFORMATION);
        Map<String, Object> capabilities = new LinkedHashMap<>(capabilities());
        for (Map.Entry<String, Object> entry : userProperties.entrySet()) {
            if (CAPABILITIES.equals(entry.getKey())) {
                capabilities.putAll(capabilitiesOf(entry.getValue()));
            } else {
                properties.put(entry.getKey(), entry.getValue());
            }
        }
        properties.put(CAPABILITIES, Collections.unmodifiableMap(capabilities));
        if (connectionName != null) {
            properties.put(CONNECTION_NAME, connectionName);
        }
        return Collections.unmodifiableMap(properties);
    }

    static Map<String, Object> capabilitiesOf(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("clientProperties: 'capabilities' must be a table (Map<String, Object>)"
                    + " merged into the default capabilities, but was "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(
                        "clientProperties: 'capabilities' keys must be strings, but found " + entry.getKey());
            }
            capabilities.put(key, entry.getValue());
        }
        return capabilities;
    }

    private static String readVersion() {
        try (InputStream in = ClientProperties.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").trim();
                if (!version.isEmpty() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String manifestVersion = ClientProperties.class.getPackage().getImplementationVersion();
        return manifestVersion != null ? manifestVersion : UNKNOWN_VERSION;
    }
}
