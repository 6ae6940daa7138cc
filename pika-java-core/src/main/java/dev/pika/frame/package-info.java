/**
 * AMQP 0-9-1 framing: the incremental {@link dev.pika.frame.FrameDecoder} (bytes in at any split, frames out to a
 * {@link dev.pika.frame.FrameHandler}), the {@link dev.pika.frame.FrameWriter} (frames out to a
 * {@link dev.pika.frame.ByteSink}), the field-table codec {@link dev.pika.frame.FieldTables} with its
 * {@link dev.pika.frame.FieldValue}s, the content-header codec {@link dev.pika.frame.ContentHeaderCodec}, the wire
 * primitives {@link dev.pika.frame.WireFormat}, and the per-channel {@link dev.pika.frame.ContentAssembler}.
 *
 * <p>Sans-IO: nothing here touches a socket, a thread or a clock, and nothing imports the protocol engine or the I/O
 * adapters ({@code PackageDependencyTest} checks it). The stateful classes (decoder, writer, assembler, header codec)
 * belong to one connection's I/O thread and are not thread-safe; the static codecs are stateless.
 *
 * <p>Decoding never allocates what the peer asks for beyond the negotiated limits: frame sizes are checked against
 * {@code frame_max} before buffering, lengths inside a payload against the bytes actually left, body sizes against
 * the caller's maximum.
 */
package dev.pika.frame;
