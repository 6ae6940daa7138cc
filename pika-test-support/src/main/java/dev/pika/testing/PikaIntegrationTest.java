package dev.pika.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test class ({@code *IT}) that needs a live broker: registers
 * {@link BrokerExtension}, which injects {@link TestBroker} parameters and fields, and tags the class
 * {@code integration}.
 *
 * <p>An annotation: immutable.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BrokerExtension.class)
@Tag("integration")
public @interface PikaIntegrationTest {}
