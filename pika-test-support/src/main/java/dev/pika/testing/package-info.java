/**
 * pika-java's integration-test harness (test scope only, never shipped): {@link dev.pika.testing.PikaIntegrationTest}
 * and {@link dev.pika.testing.BrokerExtension} give each test a live broker as a
 * {@link dev.pika.testing.TestBroker}, with unique names that are cleaned up after it;
 * {@link dev.pika.testing.RequiresRabbitMq} and {@link dev.pika.testing.RequiresRabbitMqCtl} skip tests, with
 * their reason, on brokers that cannot run them.
 *
 * <p>The broker is chosen once per JVM, in this order: the URI in {@code PIKA_TEST_URI}; RabbitMQ on
 * localhost:5672 if it completes an AMQP handshake; a Testcontainers RabbitMQ when Docker is available;
 * an embedded Qpid Broker-J. {@code PIKA_TEST_BROKER=uri|rabbitmq|testcontainers|qpid} forces one. The
 * choice and the reasons are printed as one {@code [pika-test] broker: ...} line and written to
 * {@code target/pika-test-broker.txt}. Subpackages: {@code broker} (selection and the brokers),
 * {@code rabbitmqctl} (broker-side faults), {@code proxy} (network faults).
 */
package dev.pika.testing;
