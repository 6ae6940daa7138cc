/**
 * The I/O services SPI: what the sans-IO protocol engine needs from an event loop, and nothing more.
 *
 * <p>This is Pika's {@code nbio_interface.py} in Java. An {@link dev.pika.io.IoServices} gives the engine a
 * clock, timers ({@link dev.pika.io.IoServices#callLater}), a thread-safe door into the loop
 * ({@link dev.pika.io.IoServices#addCallbackThreadsafe}), name resolution off the loop thread and a way to
 * open a byte stream ({@link dev.pika.io.IoServices#connectStream}) to which a {@link
 * dev.pika.io.StreamProtocol} is linked through a {@link dev.pika.io.StreamTransport}.
 *
 * <p>Threading: every type here is confined to its loop's thread except where a method says otherwise;
 * {@code addCallbackThreadsafe} is the one way in from other threads. The package imports nothing from
 * {@code java.nio.channels}: implementations (e.g. {@code dev.pika.adapters.select.IoLoop}) live in the
 * adapters.
 */
package dev.pika.io;
