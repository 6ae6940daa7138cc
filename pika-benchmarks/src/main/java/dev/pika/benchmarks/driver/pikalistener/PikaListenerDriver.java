package dev.pika.benchmarks.driver.pikalistener;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.KnownClient;
import dev.pika.benchmarks.driver.PikaVersion;
import dev.pika.benchmarks.driver.pikaselect.PikaSelectDriver;

/**
 * {@code pika-listener}: consumers are the starter's listener containers ({@link ListenerConsumer}), with
 * {@value #CONCURRENCY_PROPERTY} worker threads each (default 1); producers and queue set-up go through the
 * {@code pika-select} driver. See the package documentation for how PerfTest's flags map to the container.
 *
 * <p>Thread-safe: the pika-select driver it wraps creates its loop pool on first connect; {@link #close()} closes it.
 */
public final class PikaListenerDriver implements ClientDriver {

    /** The system property giving each container's worker threads ({@code concurrency}); default 1. */
    public static final String CONCURRENCY_PROPERTY = "pika.benchmarks.listener.concurrency";

    private final PikaSelectDriver select;
    private final int concurrency;

    /** Creates the driver (found by {@link java.util.ServiceLoader}) with {@value #CONCURRENCY_PROPERTY}. */
    public PikaListenerDriver() {
        this(configuredConcurrency());
    }

    /**
     * Creates a driver with a concurrency (for tests).
     *
     * @param concurrency worker threads per container, at least 1
     */
    PikaListenerDriver(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("-D" + CONCURRENCY_PROPERTY
                    + " must be at least 1 (worker threads per container), got " + concurrency);
        }
        this.select = new PikaSelectDriver();
        this.concurrency = concurrency;
    }

    /**
     * The concurrency {@code -Dpika.benchmarks.listener.concurrency} asks for.
     *
     * @return the value; 1 when the property is not set
     * @throws IllegalArgumentException for a value that is not a positive integer
     */
    static int configuredConcurrency() {
        String value = System.getProperty(CONCURRENCY_PROPERTY);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + CONCURRENCY_PROPERTY
                + " must be a positive integer (worker threads per container), got '" + value + "'");
    }

    @Override
    public String name() {
        return KnownClient.PIKA_LISTENER.clientName();
    }

    @Override
    public String description() {
        return "pika-spring-boot-starter " + PikaVersion.current() + " DefaultPikaListenerContainer, concurrency "
                + concurrency + " (container acks, coalesced); publishing with pika-select";
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return new PikaListenerConnection(select.connect(uri, connectionName), uri, connectionName, concurrency);
    }

    @Override
    public void close() {
        select.close();
    }
}
