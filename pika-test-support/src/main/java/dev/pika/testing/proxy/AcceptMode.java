package dev.pika.testing.proxy;

/**
 * What a {@link FaultProxy} does with a newly accepted client connection.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum AcceptMode {
    /** Connect to the server and forward both ways (subject to the proxy's current faults). */
    FORWARD,
    /**
     * Accept and swallow: never connect to the server, read and discard whatever the client sends, never
     * answer. The client's TCP connect succeeds, then nothing happens (a handshake or heartbeat timeout).
     */
    BLACK_HOLE,
    /** Accept, then reset the connection at once (the client sees a TCP RST before any byte). */
    RESET
}
