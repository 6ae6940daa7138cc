package dev.pika;

/**
 * Chooses the heartbeat timeout during connection tuning, as Pika's callable {@code heartbeat}
 * parameter: the connection calls it once per handshake, on its I/O thread, with the timeout the
 * broker proposed in {@code Connection.Tune}, and sends the returned value in {@code
 * Connection.TuneOk}. The returned value always wins over the broker's proposal.
 *
 * <p>Implementations must be fast and must not block; they may be called from several connections'
 * I/O threads at once when one {@link ConnectionParameters} is shared, so they should be stateless
 * or thread-safe.
 *
 * <pre>{@code
 * // never more than 60 s, and keep heartbeats on even when the broker proposes 0 (disabled)
 * HeartbeatNegotiator atMostAMinute = proposed -> proposed == 0 ? 60 : Math.min(proposed, 60);
 * ConnectionParameters.builder().heartbeat(atMostAMinute).build();
 * }</pre>
 */
@FunctionalInterface
public interface HeartbeatNegotiator {

    /** The largest heartbeat timeout AMQP can express (an unsigned short), in seconds. */
    int MAX_SECONDS = 65535;

    /**
     * Returns the heartbeat timeout to use.
     *
     * @param serverProposalSeconds the broker's proposal in seconds; 0 means the broker proposes no
     *     heartbeats
     * @return the timeout in seconds, between 0 and {@value #MAX_SECONDS}; 0 disables heartbeats
     */
    int negotiate(int serverProposalSeconds);
}
