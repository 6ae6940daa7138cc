/**
 * pika-java's public value types: how to reach a broker and what to tell it.
 *
 * <ul>
 *   <li>{@link dev.pika.ConnectionParameters}: every Pika connection parameter with Pika's defaults,
 *       built with {@code builder()} or parsed from an AMQP URL with {@code fromUrl(...)};
 *   <li>{@link dev.pika.Credentials}: {@link dev.pika.PlainCredentials} (SASL PLAIN) and {@link
 *       dev.pika.ExternalCredentials} (SASL EXTERNAL, client certificates);
 *   <li>{@link dev.pika.SslOptions} (TLS context from an {@code SSLContext}, key/trust stores or PEM
 *       files; SNI and host name verification) and {@link dev.pika.TcpOptions} (socket options);
 *   <li>{@link dev.pika.ClientProperties}: the table sent to the broker in {@code
 *       Connection.StartOk};
 *   <li>callbacks: {@link dev.pika.HeartbeatNegotiator} (Pika's callable heartbeat) and {@link
 *       dev.pika.MetricsCollector} (instrumentation hooks on the I/O thread).
 * </ul>
 *
 * <p>Value types here are immutable and thread-safe unless their javadoc says otherwise; builders
 * are not thread-safe. Invalid settings fail in the builder with an {@link
 * java.lang.IllegalArgumentException} naming the setting, the value and what is accepted. No
 * {@code toString()} shows a password. This package depends on nothing but the JDK (and {@code
 * dev.pika.exceptions}); logging goes through {@link java.lang.System.Logger}.
 */
package dev.pika;
