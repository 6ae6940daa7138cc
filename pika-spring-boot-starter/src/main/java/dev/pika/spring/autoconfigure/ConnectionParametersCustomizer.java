package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;

/**
 * Adjusts the {@link ConnectionParameters} of every broker address after the {@code pika.*}
 * properties were applied: the place for what has no property (TCP options, a heartbeat negotiator, a
 * metrics collector, an application-built {@code SSLContext}...). Declare beans of this type; they are
 * applied in {@link org.springframework.core.annotation.Order @Order}.
 *
 * <pre>{@code
 * @Bean
 * ConnectionParametersCustomizer keepAlive() {
 *     return builder -> builder.tcpOptions(TcpOptions.builder().keepAlive(true).build());
 * }
 * }</pre>
 *
 * <p>Called at start-up and whenever connection parameters are built again (reconnects), possibly
 * from different threads: implementations must be thread-safe and should be side-effect free. An
 * {@link IllegalArgumentException} thrown by the builder fails start-up with the customizer named.
 */
@FunctionalInterface
public interface ConnectionParametersCustomizer {

    /**
     * Customizes the parameters of one address.
     *
     * @param builder the builder holding the configured values; change it in place
     */
    void customize(ConnectionParameters.Builder builder);
}
