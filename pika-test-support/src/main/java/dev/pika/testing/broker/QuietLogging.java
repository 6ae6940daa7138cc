package dev.pika.testing.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded broker's and Testcontainers' loggers down to WARN (Qpid alone logs about 1,200 INFO
 * lines per run), unless the test's logging configuration set a level for them already.
 *
 * <p>Thread-safe and idempotent; does nothing when SLF4J is not bound to Logback.
 */
final class QuietLogging {

    /** Logger names made quiet; each covers its descendants. */
    static final List<String> LOGGERS = List.of(
            "org.apache.qpid", "qpid.message", "qpid.statistics", "org.testcontainers", "com.github.dockerjava", "tc");

    private QuietLogging() {}

    static void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            synchronized (QuietLogging.class) {
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }

    /**
     * Runs {@code action} with logger {@code name} switched off, unless the test's logging configuration
     * set a level for it; used where the harness reports the outcome itself in its one line.
     */
    static <T> T withLoggerOff(String name, Supplier<T> action) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return action.get();
        }
        Logger logger = context.getLogger(name);
        boolean changed;
        synchronized (QuietLogging.class) {
            changed = logger.getLevel() == null;
            if (changed) {
                logger.setLevel(Level.OFF);
            }
        }
        try {
            return action.get();
        } finally {
            if (changed) {
                synchronized (QuietLogging.class) {
                    logger.setLevel(null);
                }
            }
        }
    }
}
