package dev.pika.benchmarks.testing;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.DriverException;

/**
 * {@code fake-stuck}: connecting never completes (until the thread is interrupted), like a broker that accepts TCP
 * and never answers. For the runner's timeout handling.
 *
 * <p>Thread-safe.
 */
public final class StuckDriver implements ClientDriver {

    /** Creates the driver (found by ServiceLoader). */
    public StuckDriver() {}

    @Override
    public String name() {
        return "fake-stuck";
    }

    @Override
    public String description() {
        return "never connects (tests only)";
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new DriverException("interrupted while connecting");
    }
}
