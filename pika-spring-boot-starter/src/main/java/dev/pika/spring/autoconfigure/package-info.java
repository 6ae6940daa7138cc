/**
 * Auto-configuration of pika-java for Spring Boot: the {@code pika.*} properties ({@link
 * dev.pika.spring.autoconfigure.PikaProperties}), where the broker is ({@link
 * dev.pika.spring.autoconfigure.PikaConnectionDetails}), and the {@link
 * dev.pika.spring.autoconfigure.PikaConnectionParametersFactory} that turns both into {@code
 * dev.pika.ConnectionParameters}, customizable with {@link
 * dev.pika.spring.autoconfigure.ConnectionParametersCustomizer} beans. Invalid configuration fails at
 * start-up with {@link dev.pika.spring.autoconfigure.InvalidPikaPropertiesException}.
 *
 * <p>Sub-packages hold one auto-configuration per concern: {@code embedded} (the optional in-process
 * broker) and {@code diagnostics} (failure analysis); the connection factory, template, listener,
 * health and metrics auto-configurations sit beside them.
 */
package dev.pika.spring.autoconfigure;
