/**
 * An AMQP 0-9-1 broker inside the JVM for demos, samples and tests: {@link
 * dev.pika.embedded.EmbeddedBroker} wraps Apache Qpid Broker-J with an in-memory virtual host, starts
 * on a free port, and leaves no files or threads behind when stopped.
 *
 * <p>It is not RabbitMQ: publisher confirms, acks and nacks, prefetch, topic exchanges, transactions
 * and mandatory returns behave alike, but exchange-to-exchange bindings, {@code connection.blocked}
 * and consumer-cancel notifications do not exist there, and RabbitMQ's queue arguments ({@code
 * x-message-ttl}, {@code x-dead-letter-*}, {@code x-max-length}) are accepted and ignored.
 */
package dev.pika.embedded;
