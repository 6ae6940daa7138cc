/**
 * How the harness gets a broker: {@link dev.pika.testing.broker.BrokerSettings} (system properties and
 * environment), {@link dev.pika.testing.broker.BrokerSelector} (the fallback order),
 * {@link dev.pika.testing.broker.AmqpProbe} (a real, bounded AMQP handshake),
 * the embedded Qpid Broker-J of {@code pika-embedded-broker}, the Testcontainers option, and
 * {@link dev.pika.testing.broker.BrokerRegistry}, which holds the JVM's one broker, announces it and
 * stops it at exit. Administrative calls use the RabbitMQ Java client, never the client under test.
 *
 * <p>Tests normally use {@link dev.pika.testing.TestBroker} rather than these types.
 */
package dev.pika.testing.broker;
