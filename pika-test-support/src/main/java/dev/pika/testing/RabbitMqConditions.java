package dev.pika.testing;

import dev.pika.testing.broker.BrokerRegistry;
import dev.pika.testing.broker.SelectedBroker;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The execution conditions behind {@link RequiresRabbitMq} and {@link RequiresRabbitMqCtl}. Evaluating one
 * chooses the JVM's broker if that has not happened yet.
 *
 * <p>Stateless; thread-safe.
 */
final class RabbitMqConditions {

    private RabbitMqConditions() {}

    /** Enables a test only on RabbitMQ. */
    static final class RequiresRabbitMqCondition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresRabbitMq> annotation = find(context, RequiresRabbitMq.class);
            if (annotation.isEmpty()) {
                return ConditionEvaluationResult.enabled("no @RequiresRabbitMq here");
            }
            SelectedBroker broker = BrokerRegistry.current();
            if (broker.endpoint().kind() == BrokerKind.RABBITMQ) {
                return ConditionEvaluationResult.enabled("the test broker is RabbitMQ");
            }
            return skip(
                    context,
                    "requires RabbitMQ (" + annotation.get().value() + "); the test broker is " + broker.description());
        }
    }

    /** Enables a test only when rabbitmqctl administers the test broker. */
    static final class RequiresRabbitMqCtlCondition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresRabbitMqCtl> annotation = find(context, RequiresRabbitMqCtl.class);
            if (annotation.isEmpty()) {
                return ConditionEvaluationResult.enabled("no @RequiresRabbitMqCtl here");
            }
            String reason =
                    RabbitMqCtl.unavailableReason(BrokerRegistry.current().endpoint());
            if (reason == null) {
                return ConditionEvaluationResult.enabled("rabbitmqctl administers the test broker");
            }
            return skip(
                    context,
                    "requires rabbitmqctl on the test broker ("
                            + annotation.get().value() + "); " + reason);
        }
    }

    /** Disables the test and says so on the console too (Maven shows only a count of skipped tests). */
    private static ConditionEvaluationResult skip(ExtensionContext context, String reason) {
        String name = context.getTestClass().map(Class::getSimpleName).orElse("")
                + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
        System.out.println(SelectedBroker.LINE_PREFIX + "skipped " + name + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> find(
            ExtensionContext context, Class<A> type) {
        Optional<AnnotatedElement> element = context.getElement();
        return element.flatMap(e -> AnnotationSupport.findAnnotation(e, type));
    }
}
