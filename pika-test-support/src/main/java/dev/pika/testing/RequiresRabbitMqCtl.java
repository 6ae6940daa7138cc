package dev.pika.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test (class or method) administers the broker with {@link dev.pika.testing.rabbitmqctl.RabbitMqCtl}
 * and is skipped, with the reason, unless the test broker is the local RabbitMQ node and
 * {@code rabbitmqctl} can reach it.
 *
 * <p>An annotation: immutable.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RabbitMqConditions.RequiresRabbitMqCtlCondition.class)
public @interface RequiresRabbitMqCtl {
    /** Why the test needs rabbitmqctl, e.g. {@code "closes its connection from the broker side"}. */
    String value();
}
