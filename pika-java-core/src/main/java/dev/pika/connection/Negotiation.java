package dev.pika.connection;

/**
 * Pika's tuning rule for {@code channel_max} and {@code frame_max} ({@code Connection._negotiate_integer_value},
 * consistent with the RabbitMQ Java client and Bunny): 0 on either side means "no limit", so the other side's value
 * is taken; otherwise the lower of the two. The heartbeat follows its own rule, {@link
 * dev.pika.ConnectionParameters#negotiateHeartbeat(int)}.
 *
 * <p>Stateless.
 */
final class Negotiation {

    private Negotiation() {}

    /**
     * Negotiates a limit.
     *
     * @param clientValue the client's value, 0 for no limit
     * @param serverValue the server's value, 0 for no limit
     * @return the other value when one is 0, else the lower one
     */
    static long negotiate(long clientValue, long serverValue) {
        if (clientValue == 0 || serverValue == 0) {
            return Math.max(clientValue, serverValue);
        }
        return Math.min(clientValue, serverValue);
    }
}
