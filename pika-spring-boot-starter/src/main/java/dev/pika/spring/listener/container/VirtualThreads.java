package dev.pika.spring.listener.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads without compiling against Java 21: {@code Thread.ofVirtual().name(prefix, 0).factory()}
 * looked up reflectively once. {@link #isSupported()} is {@code false} on Java 17 to 20.
 *
 * <p>Stateless after class initialisation; thread-safe.
 */
final class VirtualThreads {

    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle NAME;
    private static final MethodHandle FACTORY;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle factory = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
    }

    private VirtualThreads() {}

    /** @return whether this JVM has virtual threads (Java 21+) */
    static boolean isSupported() {
        return OF_VIRTUAL != null;
    }

    /**
     * A factory of virtual threads named {@code <prefix>0}, {@code <prefix>1}...
     *
     * @param prefix the name prefix
     * @return the factory
     * @throws IllegalStateException when virtual threads are not supported
     */
    static ThreadFactory factory(String prefix) {
        if (!isSupported()) {
            throw new IllegalStateException("virtual threads need Java 21 or later; this is Java "
                    + Runtime.version().feature());
        }
        try {
            Object builder = OF_VIRTUAL.invoke();
            builder = NAME.invoke(builder, prefix, 1L);
            return (ThreadFactory) FACTORY.invoke(builder);
        } catch (Throwable e) {
            throw new IllegalStateException("could not create a virtual thread factory", e);
        }
    }
}
