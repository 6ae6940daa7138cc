package dev.pika.connection;

/**
 * The states of a {@link Connection}, as Pika's {@code Connection.CONNECTION_*}: {@link #INIT} while the adapter
 * establishes the stream, {@link #PROTOCOL} once the protocol header is sent, {@link #START} after {@code
 * Connection.Start} (credentials sent), {@link #TUNE} after {@code Connection.Tune} ({@code Connection.Open} sent),
 * {@link #OPEN} after {@code Connection.OpenOk}, {@link #CLOSING} while the client closes it, and {@link #CLOSED}
 * at the end. The state in which an opening connection fails decides which exception reports it.
 *
 * <p>Immutable.
 */
public enum ConnectionState {
    /** Closed: the stream is gone. */
    CLOSED,
    /** Created; the adapter is connecting the stream (TCP, TLS). */
    INIT,
    /** The protocol header was sent; waiting for {@code Connection.Start}. */
    PROTOCOL,
    /** {@code Connection.StartOk} (the credentials) was sent; waiting for {@code Connection.Tune}. */
    START,
    /** {@code Connection.TuneOk} and {@code Connection.Open} were sent; waiting for {@code Connection.OpenOk}. */
    TUNE,
    /** Open and usable. */
    OPEN,
    /** Closing: the client asked for it, or the connection is being torn down. */
    CLOSING
}
