package dev.pika.embedded;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Quietens Qpid Broker-J's logging: its {@code org.apache.qpid}, {@code qpid.message} and {@code
 * qpid.statistics} loggers go to WARN, but only when the SLF4J binding is Logback and the application
 * set no level for them. Other bindings are left alone (configure them as usual).
 *
 * <p>Stateless; safe to call from any thread, any number of times.
 */
final class QpidLogLevels {

    /** The loggers Qpid writes to. */
    static final List<String> LOGGER_NAMES = List.of("org.apache.qpid", "qpid.message", "qpid.statistics");

    private static final boolean LOGBACK_PRESENT = isPresent("ch.qos.logback.classic.LoggerContext");

    private QpidLogLevels() {}

    /**
     * Sets the Qpid loggers without a configured level to WARN, when Logback is the binding.
     *
     * @return whether Logback was the binding (and so the levels were looked at)
     */
    static boolean quieten() {
        return LOGBACK_PRESENT && Logback.quieten(LoggerFactory.getILoggerFactory());
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, QpidLogLevels.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches Logback's classes; loaded only when Logback is on the class path. */
    private static final class Logback {
        private Logback() {}

        static boolean quieten(Object loggerFactory) {
            if (!(loggerFactory instanceof ch.qos.logback.classic.LoggerContext context)) {
                return false;
            }
            for (String name : LOGGER_NAMES) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
            return true;
        }
    }
}
