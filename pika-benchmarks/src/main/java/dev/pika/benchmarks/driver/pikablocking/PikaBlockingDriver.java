package dev.pika.benchmarks.driver.pikablocking;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.KnownClient;
import dev.pika.benchmarks.driver.PikaVersion;

/**
 * {@code pika-blocking}: pika-java's {@code BlockingConnection} and {@code BlockingChannel}, used as a Pika program
 * uses them (see the package documentation). Each connection has its own I/O thread; nothing is shared between
 * connections, so the driver holds no resources.
 *
 * <p>Thread-safe and immutable.
 */
public final class PikaBlockingDriver implements ClientDriver {

    private final WorkerAckMode workerAckMode;

    /** Creates the driver (found by {@link java.util.ServiceLoader}), acking from workers as {@link WorkerAckMode#PROPERTY} says. */
    public PikaBlockingDriver() {
        this(WorkerAckMode.configured());
    }

    /**
     * Creates a driver with a worker ack mode (for tests).
     *
     * @param workerAckMode how worker threads ack
     */
    PikaBlockingDriver(WorkerAckMode workerAckMode) {
        this.workerAckMode = workerAckMode;
    }

    @Override
    public String name() {
        return KnownClient.PIKA_BLOCKING.clientName();
    }

    @Override
    public String description() {
        return "pika-java " + PikaVersion.current() + " BlockingConnection, one I/O thread per connection,"
                + " confirms: Pika's one per publish with a window of 1, pipelined basicPublishConfirmed above, "
                + workerAckMode.description();
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return PikaBlockingConnection.open(uri, connectionName, workerAckMode);
    }
}
