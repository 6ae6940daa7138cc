package dev.pika.testing.proxy;

/**
 * How {@link ProxiedConnection#cut(CutMode)} ends a proxied connection.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CutMode {
    /**
     * Abortive close: both sockets are closed with {@code SO_LINGER} 0, so client and server each receive
     * a TCP RST ("connection reset"), as when a network path or a peer host dies abruptly.
     */
    RESET,
    /**
     * Orderly close: the proxy stops forwarding and sends a FIN to both peers (each reads end-of-stream),
     * then drains and discards what they still send until they close, as when a peer closes its socket.
     */
    FIN
}
