package org.springframework.boot.testcontainers.service.connection;

import java.lang.reflect.Field;
import java.util.function.Supplier;
import org.springframework.core.annotation.MergedAnnotations;
import org.testcontainers.containers.Container;

/**
 * Builds the {@link ContainerConnectionSource} that Spring Boot builds for a {@code @ServiceConnection}
 * field, so that a connection details factory can be tested without starting a container. Lives in
 * Boot's package because the constructor is package-private; test code only.
 */
public final class TestContainerConnectionSources {

    private TestContainerConnectionSources() {}

    /**
     * The source Boot creates for an annotated field.
     *
     * @param field a field annotated with {@code @ServiceConnection}
     * @param type the container type
     * @param container supplies the container
     * @param <C> the container type
     * @return the source
     */
    public static <C extends Container<?>> ContainerConnectionSource<C> forField(
            Field field, Class<C> type, Supplier<C> container) {
        ServiceConnection annotation = field.getAnnotation(ServiceConnection.class);
        return new ContainerConnectionSource<>(
                field.getName(), null, type, null, annotation, container, null, MergedAnnotations.from(field));
    }
}
