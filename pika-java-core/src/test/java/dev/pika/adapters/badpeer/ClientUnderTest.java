package dev.pika.adapters.badpeer;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import java.time.Duration;

/**
 * One client adapter driven the same way by every bad-peer scenario: open, consume, wait for the failure, close.
 * Used by the test's thread only.
 */
interface ClientUnderTest extends AutoCloseable {

    /** The queue every consumer of the scenarios reads. */
    String QUEUE = "malicious-peer-queue";

    /** The consumer tag every consumer of the scenarios asks for. */
    String CONSUMER_TAG = "ctag-malicious";

    /**
     * Opens the connection and waits for the outcome.
     *
     * @return {@code null} when it opened, else the typed opening failure
     */
    AmqpConnectionException open(ConnectionParameters parameters, Duration bound) throws Exception;

    /** Opens a channel and starts a consumer on {@link #QUEUE} with {@link #CONSUMER_TAG}; waits for ConsumeOk. */
    void consume(Duration bound) throws Exception;

    /**
     * Waits for the open connection to fail.
     *
     * @return the failure the application sees
     * @throws AssertionError when nothing failed within the bound
     */
    AmqpException awaitFailure(Duration bound) throws Exception;

    /** The connection's I/O thread (once opened or attempted). */
    Thread ioThread();

    /** Releases the connection and its threads, whatever state it is in. */
    @Override
    void close() throws Exception;
}
