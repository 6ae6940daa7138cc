/**
 * The {@code java.nio} selector adapter: {@link dev.pika.adapters.select.SelectConnection} (Pika's {@code
 * SelectConnection}), the connection workflow that opens it ({@link dev.pika.adapters.select.AmqpConnectionWorkflow},
 * Pika's {@code AMQPConnectionWorkflow}: failover across parameter sets and resolved addresses, retries, socket and
 * stack timeouts, abort), and {@link dev.pika.adapters.select.IoLoop}, the event loop implementing the {@link
 * dev.pika.io.IoServices} SPI, with its plain TCP and TLS ({@code SSLEngine}) stream transports, timers, thread-safe
 * callback queue and off-loop name resolution.
 *
 * <p>Threading: one thread runs a loop and owns everything registered with it (transports, timers, pending
 * connects); other threads reach it only through {@link dev.pika.io.IoServices#addCallbackThreadsafe}, {@link
 * dev.pika.adapters.select.IoLoop#runOrHandOff} (which lets the calling thread own the loop for one task while the
 * loop's thread is blocked in its selector), {@link dev.pika.adapters.select.IoLoop#stop()} and {@link
 * dev.pika.adapters.select.IoLoop#close()}. Package-private classes here are confined to the loop's owner unless
 * their javadoc says otherwise.
 */
package dev.pika.adapters.select;
