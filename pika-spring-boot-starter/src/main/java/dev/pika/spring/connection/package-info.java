/**
 * The starter's connections: {@link dev.pika.spring.connection.PikaConnectionFactory} owns long-lived,
 * self-healing {@link dev.pika.spring.connection.PikaConnection}s, each on its own I/O loop thread,
 * recovered under a Spring Retry policy. Extension points: {@link
 * dev.pika.spring.connection.PikaConnectionListener} (open, lost, blocked, events), {@link
 * dev.pika.spring.connection.ConnectionInitializer} (work done before a connection counts as open, such
 * as declarations) and {@link dev.pika.spring.connection.ConnectionSnapshot} (state readable from any
 * thread without blocking).
 */
package dev.pika.spring.connection;
