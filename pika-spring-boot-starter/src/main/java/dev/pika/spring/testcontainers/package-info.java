/**
 * Testcontainers support: a {@code @ServiceConnection} on a {@code RabbitMQContainer} supplies the
 * starter's {@link dev.pika.spring.autoconfigure.PikaConnectionDetails}. Optional: active only when
 * {@code spring-boot-testcontainers} and {@code testcontainers-rabbitmq} are on the classpath.
 */
package dev.pika.spring.testcontainers;
