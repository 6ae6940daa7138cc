package dev.pika.testing;

import dev.pika.testing.broker.BrokerRegistry;
import dev.pika.testing.broker.SelectedBroker;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Gives integration tests a live broker: injects {@link TestBroker} into parameters (test, lifecycle and
 * constructor) and into fields of that type (static fields before all tests, instance fields before each),
 * and {@link RabbitMqCtl} parameters when the broker is the local RabbitMQ. The broker is chosen once per
 * JVM (see {@link dev.pika.testing.broker.BrokerSelector}); the names a test takes with
 * {@link TestBroker#name(String)} are deleted after it.
 *
 * <p>Use it through {@link PikaIntegrationTest}, or with {@code @ExtendWith(BrokerExtension.class)}.
 * Stateless and thread-safe: state lives in JUnit's extension store, so tests may run in parallel.
 */
public final class BrokerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BrokerExtension.class);

    /** Creates the extension (JUnit does, through {@code @ExtendWith}). */
    public BrokerExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        List<Field> fields = brokerFields(testClass, true);
        if (fields.isEmpty()) {
            return;
        }
        TestBroker broker = broker(context);
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(null, broker);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        TestBroker broker = null;
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : brokerFields(instance.getClass(), false)) {
                if (broker == null) {
                    broker = broker(context);
                }
                field.setAccessible(true);
                field.set(instance, broker);
            }
        }
    }

    private static List<Field> brokerFields(Class<?> type, boolean statics) {
        List<Field> fields = ReflectionSupport.findFields(
                type,
                f -> f.getType() == TestBroker.class && Modifier.isStatic(f.getModifiers()) == statics,
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException(
                        "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName()
                                + " is final; TestBroker fields must be non-final to be injected");
            }
        }
        return fields;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestBroker.class || type == RabbitMqCtl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == TestBroker.class) {
            return broker(extensionContext);
        }
        SelectedBroker selected = BrokerRegistry.current();
        String reason = RabbitMqCtl.unavailableReason(selected.endpoint());
        if (reason != null) {
            throw new ParameterResolutionException("RabbitMqCtl is not usable against the test broker: " + reason
                    + "; annotate the test with @RequiresRabbitMqCtl to skip it instead");
        }
        return RabbitMqCtl.local();
    }

    /** The broker with the names scope of this context: the test's, or the class's before any test. */
    private static TestBroker broker(ExtensionContext context) {
        SelectedBroker selected = BrokerRegistry.current();
        TestScope scope = context.getStore(NAMESPACE)
                .computeIfAbsent(
                        "scope:" + context.getUniqueId(),
                        key -> new TestScope(
                                context.getRequiredTestClass().getSimpleName(),
                                context.getTestMethod().map(m -> m.getName()).orElse(null)),
                        TestScope.class);
        return new TestBroker(selected.endpoint(), selected.description(), scope);
    }
}
