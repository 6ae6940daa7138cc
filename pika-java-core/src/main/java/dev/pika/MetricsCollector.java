package dev.pika;

/**
 * Connection-level instrumentation hooks, for example to feed Micrometer counters. Every method has
 * a default implementation that does nothing, so an implementation overrides only what it needs;
 * {@link #NOOP} is the default of {@link ConnectionParameters#metricsCollector()}.
 *
 * <p><b>Threading.</b> The connection calls these methods on its I/O thread, on the hot path of every
 * message. Implementations must be thread-safe (one collector may serve several connections, each
 * with its own I/O thread), fast, non-blocking and allocation-free where possible; they must not
 * call back into the connection or its channels. An exception thrown by a hook is logged by the
 * connection and otherwise ignored.
 *
 * <p>The arguments are plain values, never protocol types. {@code connection} is the connection's
 * {@linkplain ConnectionParameters#connectionName() connection name} or, when none is set, an
 * identifier chosen by the connection (its host and port and a sequence number), stable for the life
 * of the connection. Counts are the number of messages a single AMQP method covered: more than 1 for
 * an ack or nack with {@code multiple = true}.
 */
public interface MetricsCollector {

    /** The collector that does nothing. */
    MetricsCollector NOOP = NoopMetricsCollector.INSTANCE;

    /**
     * The connection completed its handshake ({@code Connection.OpenOk}).
     *
     * @param connection the connection's name
     */
    default void connectionOpened(String connection) {}

    /**
     * An open connection closed, for whatever reason.
     *
     * @param connection the connection's name
     */
    default void connectionClosed(String connection) {}

    /**
     * A channel was opened ({@code Channel.OpenOk}).
     *
     * @param connection the connection's name
     * @param channelNumber the channel number
     */
    default void channelOpened(String connection, int channelNumber) {}

    /**
     * A channel was closed by the client, the broker, or because its connection closed.
     *
     * @param connection the connection's name
     * @param channelNumber the channel number
     */
    default void channelClosed(String connection, int channelNumber) {}

    /**
     * A message was published ({@code Basic.Publish} written).
     *
     * @param connection the connection's name
     * @param bodySize the body size in bytes
     */
    default void published(String connection, int bodySize) {}

    /**
     * The broker confirmed published messages ({@code Basic.Ack} in confirm mode).
     *
     * @param connection the connection's name
     * @param count the number of messages the ack covered
     */
    default void publishAcked(String connection, int count) {}

    /**
     * The broker refused published messages ({@code Basic.Nack} in confirm mode).
     *
     * @param connection the connection's name
     * @param count the number of messages the nack covered
     */
    default void publishNacked(String connection, int count) {}

    /**
     * The broker returned an unroutable mandatory message ({@code Basic.Return}).
     *
     * @param connection the connection's name
     */
    default void returned(String connection) {}

    /**
     * A message was delivered to a consumer or fetched ({@code Basic.Deliver}, {@code Basic.GetOk}).
     *
     * @param connection the connection's name
     * @param redelivered the message's redelivered flag
     * @param bodySize the body size in bytes
     */
    default void consumed(String connection, boolean redelivered, int bodySize) {}

    /**
     * The client acknowledged deliveries ({@code Basic.Ack}).
     *
     * @param connection the connection's name
     * @param count the number of deliveries the ack covered
     */
    default void acked(String connection, int count) {}

    /**
     * The client negatively acknowledged deliveries ({@code Basic.Nack}).
     *
     * @param connection the connection's name
     * @param count the number of deliveries the nack covered
     * @param requeue whether the broker requeues them
     */
    default void nacked(String connection, int count, boolean requeue) {}

    /**
     * The client rejected a delivery ({@code Basic.Reject}).
     *
     * @param connection the connection's name
     * @param requeue whether the broker requeues it
     */
    default void rejected(String connection, boolean requeue) {}

    /**
     * The connection was closed because the broker missed its heartbeats.
     *
     * @param connection the connection's name
     */
    default void heartbeatTimeout(String connection) {}

    /**
     * The broker blocked publishing on the connection ({@code Connection.Blocked}).
     *
     * @param connection the connection's name
     * @param reason the broker's reason, e.g. {@code "low on memory"}
     */
    default void blocked(String connection, String reason) {}

    /**
     * The broker unblocked the connection ({@code Connection.Unblocked}).
     *
     * @param connection the connection's name
     */
    default void unblocked(String connection) {}
}
