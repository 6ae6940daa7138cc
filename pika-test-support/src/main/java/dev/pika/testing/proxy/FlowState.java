package dev.pika.testing.proxy;

/** What one direction of a proxied connection does with the bytes it receives. Immutable (an enum). */
enum FlowState {
    /** Read and forward (after the direction's latency). */
    FORWARD,
    /** Neither read nor forward: bytes wait in the sender's socket buffer (and in the proxy) until resumed. */
    STALL,
    /** Read and discard. */
    BLACK_HOLE
}
