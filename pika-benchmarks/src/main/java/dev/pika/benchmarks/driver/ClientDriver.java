package dev.pika.benchmarks.driver;

/**
 * One client library as the benchmark sees it: a name and a way to open connections.
 *
 * <p>Implementations have a public no-argument constructor (they are found with {@link java.util.ServiceLoader}) and
 * do nothing expensive until {@link #connect(String, String)}. A driver is used by many threads at once (every
 * producer and consumer connects through it) and must be thread-safe. Resources shared by its connections, such as an
 * event loop group, are released by {@link #close()} after every connection is closed.
 */
public interface ClientDriver extends AutoCloseable {

    /**
     * The {@code --client} value that selects this driver, e.g. {@code amqp-client}.
     *
     * @return the name; lowercase, no spaces
     */
    String name();

    /**
     * One line saying which library, version and mode this is, for the run's header.
     *
     * @return the description
     */
    String description();

    /**
     * Opens a connection; returns once it is open and usable.
     *
     * @param uri the broker, as an AMQP URI ({@code amqp://user:pass@host:port/vhost})
     * @param connectionName the client-provided connection name the broker shows for it (unique per run)
     * @return the open connection
     * @throws DriverException when the connection cannot be opened
     */
    DriverConnection connect(String uri, String connectionName);

    /** Releases what the driver's connections shared; called once, after they are all closed. Idempotent. */
    @Override
    default void close() {}
}
