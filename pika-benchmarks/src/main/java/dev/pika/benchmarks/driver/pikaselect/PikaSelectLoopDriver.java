package dev.pika.benchmarks.driver.pikaselect;

import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.KnownClient;

/**
 * {@code pika-select-loop}: the {@code pika-select} driver with its producers running on the connection's
 * {@code IoLoop} ({@link PublisherMode#LOOP}, whatever {@code -Dpika.benchmarks.select.publisher} says), the way
 * Pika's asynchronous publisher example publishes: from the loop's callbacks, restarted by the confirm callback, a
 * {@code callLater} timer for the rate and the write-buffer-drained callback. Listed next to {@code pika-select}
 * (producer threads handing messages to the loop) so that one comparison shows what the hand-off costs, chiefly with
 * a confirm window of one message. Consumers are the same as {@code pika-select}'s.
 *
 * <p>Thread-safe, as {@link PikaSelectDriver}.
 */
public final class PikaSelectLoopDriver implements ClientDriver {

    private final PikaSelectDriver select = new PikaSelectDriver(KnownClient.PIKA_SELECT_LOOP, PublisherMode.LOOP);

    /** Creates the driver (found by {@link java.util.ServiceLoader}). */
    public PikaSelectLoopDriver() {}

    @Override
    public String name() {
        return select.name();
    }

    @Override
    public String description() {
        return select.description();
    }

    @Override
    public DriverConnection connect(String uri, String connectionName) {
        return select.connect(uri, connectionName);
    }

    @Override
    public void close() {
        select.close();
    }
}
