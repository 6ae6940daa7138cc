package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.KnownClient;
import dev.pika.benchmarks.driver.PikaVersion;

/**
 * {@code pika-select}: pika-java's {@code SelectConnection}, its connections spread over a pool of {@code IoLoop}
 * threads (one per core by default, {@code -Dpika.benchmarks.select.loops=N} to change it), producers publishing from
 * their own threads ({@code -Dpika.benchmarks.select.publisher=loop} runs them on the loop instead); see the package
 * documentation for how producers and consumers use it.
 *
 * <p>Thread-safe: the pool is created on first connect and closed by {@link #close()}.
 */
public final class PikaSelectDriver implements ClientDriver {

    private final KnownClient client;
    private final PublisherMode publisherMode;
    private LoopPool pool;

    /** Creates the driver (found by {@link java.util.ServiceLoader}), publishing as {@link PublisherMode#PROPERTY} says. */
    public PikaSelectDriver() {
        this(PublisherMode.configured());
    }

    /**
     * Creates a driver with a publisher mode (for tests).
     *
     * @param publisherMode how producers publish
     */
    PikaSelectDriver(PublisherMode publisherMode) {
        this(KnownClient.PIKA_SELECT, publisherMode);
    }

    /**
     * Creates a driver registered under another name (for {@link PikaSelectLoopDriver}).
     *
     * @param client the name it runs under
     * @param publisherMode how producers publish
     */
    PikaSelectDriver(KnownClient client, PublisherMode publisherMode) {
        this.client = client;
        this.publisherMode = publisherMode;
    }

    @Override
    public String name() {
        return client.clientName();
    }

    @Override
    public String description() {
        return "pika-java " + PikaVersion.current() + " SelectConnection, " + LoopPool.configuredSize()
                + " IoLoop thread(s), " + publisherMode.description();
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return PikaSelectConnection.open(uri, connectionName, pool(), publisherMode);
    }

    private synchronized LoopPool pool() {
        if (pool == null) {
            pool = new LoopPool(LoopPool.configuredSize());
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
