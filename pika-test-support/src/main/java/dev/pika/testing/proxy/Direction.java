package dev.pika.testing.proxy;

/**
 * Which way through a {@link FaultProxy} a fault applies to.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Direction {
    /** Bytes the client sends, on their way to the server (the broker). */
    TO_SERVER,
    /** Bytes the server sends, on their way to the client. */
    TO_CLIENT,
    /** Both ways. */
    BOTH;

    /** Whether this direction covers {@code single} ({@link #TO_SERVER} or {@link #TO_CLIENT}). */
    boolean includes(Direction single) {
        return this == BOTH || this == single;
    }
}
