/**
 * The channel side of the sans-IO protocol engine: the asynchronous {@link dev.pika.channel.Channel} (Pika's {@code
 * channel.py}) and the machinery behind it: synchronous-method serialisation, consumers, content dispatch and
 * publisher-confirm tracking. {@link dev.pika.channel.ChannelOwner} and {@link dev.pika.channel.ChannelEndpoint} are
 * the seam with {@code dev.pika.connection}, which owns the channels; this package depends on no connection class.
 *
 * <p>Everything here runs on the connection's I/O loop thread (see {@link dev.pika.channel.Channel} for the few
 * methods other threads may call).
 */
package dev.pika.channel;
