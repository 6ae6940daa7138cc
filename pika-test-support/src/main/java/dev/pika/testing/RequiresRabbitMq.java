package dev.pika.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test (class or method) needs a RabbitMQ-only feature and is skipped, with {@link #value()} in the
 * visible reason, when the test broker is another one (e.g. the embedded Qpid Broker-J).
 *
 * <pre>{@code
 * @Test
 * @RequiresRabbitMq("exchange-to-exchange bindings drop the connection on Qpid")
 * void bindsExchanges(TestBroker broker) { ... }
 * }</pre>
 *
 * <p>An annotation: immutable.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RabbitMqConditions.RequiresRabbitMqCondition.class)
public @interface RequiresRabbitMq {
    /** Why the test needs RabbitMQ, e.g. {@code "connection.blocked is RabbitMQ's extension"}. */
    String value();
}
