/**
 * The optional embedded broker: with {@code pika.embedded.enabled=true} and {@code
 * dev.pika:pika-embedded-broker} on the classpath, the application starts an in-memory Apache Qpid
 * Broker-J and connects to it (demos, samples, tests). See {@link
 * dev.pika.spring.autoconfigure.embedded.PikaEmbeddedBrokerAutoConfiguration}.
 */
package dev.pika.spring.autoconfigure.embedded;
