/**
 * Auto-configuration of pika-java for Spring Boot: the {@code pika.*} properties ({@link
 * dev.pika.spring.autoconfigure.PikaProperties}), where the broker is ({@link
 * dev.pika.spring.autoconfigure.PikaConnectionDetails}), and the {@link
 * dev.pika.spring.autoconfigure.PikaConnectionParametersFactory} that turns both into {@code
 * dev.pika.ConnectionParameters}, customizable with {@link
 * dev.pika.spring.autoconfigure.ConnectionParametersCustomizer} beans. Invalid configuration fails at
 * start-up with {@link dev.pika.spring.autoconfigure.InvalidPikaPropertiesException}.
 *
 * <p>One auto-configuration per concern: {@link
 * dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration} (the connection factory and its
 * recovery {@code RetryTemplate}, adjustable with {@link
 * dev.pika.spring.autoconfigure.PikaRecoveryRetryTemplateCustomizer}), {@link
 * dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration} ({@code PikaTemplate} and its message
 * converter, adjustable with {@link dev.pika.spring.autoconfigure.PikaTemplateCustomizer}) and {@link
 * dev.pika.spring.autoconfigure.PikaAdminAutoConfiguration} ({@code PikaAdmin} and the declaration
 * beans). Sub-packages: {@code embedded} (the optional in-process broker) and {@code diagnostics}
 * (failure analysis of invalid properties, start-up connection failures and refused declarations).
 */
package dev.pika.spring.autoconfigure;
