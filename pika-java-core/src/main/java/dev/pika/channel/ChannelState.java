package dev.pika.channel;

/**
 * The states of a {@link Channel}, as Pika's: a channel starts {@link #OPENING} ({@code Channel.Open} sent), is
 * {@link #OPEN} after {@code Channel.OpenOk}, {@link #CLOSING} while a close the client asked for is in progress, and
 * {@link #CLOSED} at the end, whoever closed it.
 *
 * <p>Immutable.
 */
public enum ChannelState {
    /** Closed (or never opened): nothing may be sent. */
    CLOSED,
    /** {@code Channel.Open} was sent; waiting for {@code Channel.OpenOk}. */
    OPENING,
    /** Open and usable. */
    OPEN,
    /** The client asked to close; waiting for {@code Channel.CloseOk}. */
    CLOSING
}
