package dev.pika.internal;

/**
 * The protocol engine's logging facade: SLF4J when its API is on the class path (it is an optional dependency of
 * the core), else {@link System.Logger}. Messages use SLF4J's {@code {}} placeholders with both back ends.
 *
 * <p>Immutable and thread-safe. Not an API.
 */
public final class EngineLogger {

    private static final boolean SLF4J_PRESENT = slf4jPresent();

    private final Backend backend;

    private EngineLogger(Backend backend) {
        this.backend = backend;
    }

    /**
     * The logger named after {@code owner}.
     *
     * @param owner the class that logs
     * @return its logger
     */
    public static EngineLogger get(Class<?> owner) {
        return new EngineLogger(SLF4J_PRESENT ? new Slf4jBackend(owner) : new SystemBackend(owner));
    }

    /**
     * Whether debug messages are logged.
     *
     * @return {@code true} when {@link #debug} writes anything
     */
    public boolean isDebugEnabled() {
        return backend.enabled(System.Logger.Level.DEBUG);
    }

    /**
     * Logs at debug level.
     *
     * @param format the message, with {@code {}} placeholders
     * @param args the placeholders' values
     */
    public void debug(String format, Object... args) {
        if (backend.enabled(System.Logger.Level.DEBUG)) {
            backend.log(System.Logger.Level.DEBUG, format, args, null);
        }
    }

    /**
     * Logs at info level.
     *
     * @param format the message, with {@code {}} placeholders
     * @param args the placeholders' values
     */
    public void info(String format, Object... args) {
        if (backend.enabled(System.Logger.Level.INFO)) {
            backend.log(System.Logger.Level.INFO, format, args, null);
        }
    }

    /**
     * Logs at warning level.
     *
     * @param format the message, with {@code {}} placeholders
     * @param args the placeholders' values
     */
    public void warn(String format, Object... args) {
        if (backend.enabled(System.Logger.Level.WARNING)) {
            backend.log(System.Logger.Level.WARNING, format, args, null);
        }
    }

    /**
     * Logs a failure at warning level, with its stack trace.
     *
     * @param message the message (no placeholders)
     * @param error the failure
     */
    public void warn(String message, Throwable error) {
        if (backend.enabled(System.Logger.Level.WARNING)) {
            backend.log(System.Logger.Level.WARNING, message, null, error);
        }
    }

    /**
     * Logs at error level.
     *
     * @param format the message, with {@code {}} placeholders
     * @param args the placeholders' values
     */
    public void error(String format, Object... args) {
        if (backend.enabled(System.Logger.Level.ERROR)) {
            backend.log(System.Logger.Level.ERROR, format, args, null);
        }
    }

    /**
     * Logs that an application callback threw: the engine catches what callbacks throw so that one faulty callback
     * cannot break the protocol state machines, and reports it here at warning level.
     *
     * @param callback what the callback was, e.g. {@code "on-message callback of consumer ctag1.abc"}
     * @param error what it threw
     */
    public void callbackFailed(String callback, Throwable error) {
        warn("The application's " + callback + " threw an exception; the client carries on", error);
    }

    /** Replaces each {@code {}} with the next argument, as SLF4J does. */
    static String format(String format, Object[] args) {
        if (args == null || args.length == 0) {
            return format;
        }
        StringBuilder out = new StringBuilder(format.length() + 16 * args.length);
        int next = 0;
        int from = 0;
        int at;
        while (next < args.length && (at = format.indexOf("{}", from)) >= 0) {
            out.append(format, from, at).append(args[next++]);
            from = at + 2;
        }
        return out.append(format, from, format.length()).toString();
    }

    private static boolean slf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, EngineLogger.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private interface Backend {
        boolean enabled(System.Logger.Level level);

        void log(System.Logger.Level level, String format, Object[] args, Throwable error);
    }

    /** Loaded only when SLF4J is present: nothing else names an SLF4J type. */
    private static final class Slf4jBackend implements Backend {
        private final org.slf4j.Logger logger;

        Slf4jBackend(Class<?> owner) {
            this.logger = org.slf4j.LoggerFactory.getLogger(owner);
        }

        @Override
        public boolean enabled(System.Logger.Level level) {
            return switch (level) {
                case TRACE -> logger.isTraceEnabled();
                case DEBUG -> logger.isDebugEnabled();
                case INFO -> logger.isInfoEnabled();
                case WARNING -> logger.isWarnEnabled();
                default -> logger.isErrorEnabled();
            };
        }

        @Override
        public void log(System.Logger.Level level, String format, Object[] args, Throwable error) {
            String message = error == null ? format(format, args) : format;
            switch (level) {
                case TRACE, DEBUG -> logger.debug(message, error);
                case INFO -> logger.info(message, error);
                case WARNING -> logger.warn(message, error);
                default -> logger.error(message, error);
            }
        }
    }

    private static final class SystemBackend implements Backend {
        private final System.Logger logger;

        SystemBackend(Class<?> owner) {
            this.logger = System.getLogger(owner.getName());
        }

        @Override
        public boolean enabled(System.Logger.Level level) {
            return logger.isLoggable(level);
        }

        @Override
        public void log(System.Logger.Level level, String format, Object[] args, Throwable error) {
            if (error == null) {
                logger.log(level, format(format, args));
            } else {
                logger.log(level, format, error);
            }
        }
    }
}
