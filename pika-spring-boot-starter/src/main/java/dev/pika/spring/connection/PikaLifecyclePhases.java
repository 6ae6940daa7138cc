package dev.pika.spring.connection;

import org.springframework.context.SmartLifecycle;

/**
 * The {@link SmartLifecycle} phases of the starter's components. Spring starts lower phases first and
 * stops higher phases first, so at shutdown the listener containers stop (finishing the messages in
 * progress) before the template drains its unconfirmed publishes, and both before the connections
 * close; at start-up the connections open (and declare the topology) before anything uses them.
 *
 * <p>All phases sit below Spring's default ({@link SmartLifecycle#DEFAULT_PHASE}) and below the web
 * server's graceful shutdown ({@code DEFAULT_PHASE - 1024}), so requests still being served can
 * publish until the web server has stopped.
 *
 * <p>Constants only; thread-safe.
 */
public final class PikaLifecyclePhases {

    /** {@code PikaConnectionFactory}: opens first, closes last. */
    public static final int CONNECTION = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** {@code PikaTemplate}: drains its in-flight publishes after the listeners stopped. */
    public static final int TEMPLATE = SmartLifecycle.DEFAULT_PHASE - 3072;

    /** {@code @PikaListener} containers: start last, stop first. */
    public static final int LISTENER_CONTAINER = SmartLifecycle.DEFAULT_PHASE - 2048;

    private PikaLifecyclePhases() {}
}
