package dev.pika.reliability;

/**
 * A publisher or consumer of the fault tests that reconnects by itself, as an application does: on a failure it opens
 * a new connection (a short pause between attempts) and carries on.
 *
 * <p>Implementations are thread-safe: the fault driver reads {@link #opens()} from the test thread.
 */
interface FaultClient extends AutoCloseable {

    /** How many times the client (re)opened and is working (its channel set up). */
    long opens();

    /** Stops reconnecting and closes the current connection, waiting for it (bounded). */
    @Override
    void close();
}
