/**
 * The connection side of the sans-IO protocol engine: {@link dev.pika.connection.Connection} (Pika's {@code
 * connection.py}) with its handshake and negotiation, heartbeat checker, blocked-connection timer, channel registry
 * and frame dispatch. It takes bytes and a clock ({@link dev.pika.io.IoServices}) and emits bytes through a {@link
 * dev.pika.io.StreamTransport}; it touches no socket and starts no thread. Adapters ({@code dev.pika.adapters.*})
 * extend {@code Connection} and drive it.
 *
 * <p>Everything here runs on the connection's I/O loop thread (see {@link dev.pika.connection.Connection} for the few
 * methods other threads may call).
 */
package dev.pika.connection;
