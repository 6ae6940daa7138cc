package dev.pika.adapters.select;

/**
 * A tiny logging facade: SLF4J when its API is on the classpath (it is an optional dependency of the core),
 * else {@link System.Logger}. Messages use SLF4J's {@code {}} placeholders in both cases.
 *
 * <p>Immutable and thread-safe.
 */
final class LoopLogger {

    private static final boolean SLF4J_PRESENT = isSlf4jPresent();

    private final Backend backend;

    private LoopLogger(Backend backend) {
        this.backend = backend;
    }

    static LoopLogger get(Class<?> owner) {
        return get(owner, SLF4J_PRESENT);
    }

    /** The SLF4J backend when {@code useSlf4j} (which needs SLF4J present), else the System.Logger one. */
    static LoopLogger get(Class<?> owner, boolean useSlf4j) {
        return new LoopLogger(useSlf4j ? new Slf4jBackend(owner) : new SystemBackend(owner));
    }

    boolean usesSlf4j() {
        return backend instanceof Slf4jBackend;
    }

    boolean isDebugEnabled() {
        return backend.isDebugEnabled();
    }

    void debug(String format, Object... args) {
        if (backend.isDebugEnabled()) {
            backend.debug(format, args);
        }
    }

    void info(String format, Object... args) {
        backend.info(format, args);
    }

    void warn(String message, Throwable error) {
        backend.warn(message, error);
    }

    private static boolean isSlf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, LoopLogger.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Replaces each {@code {}} with the next argument, as SLF4J does. */
    static String format(String format, Object... args) {
        if (args == null || args.length == 0) {
            return format;
        }
        StringBuilder out = new StringBuilder(format.length() + 16 * args.length);
        int argument = 0;
        int from = 0;
        int at;
        while (argument < args.length && (at = format.indexOf("{}", from)) >= 0) {
            out.append(format, from, at).append(args[argument++]);
            from = at + 2;
        }
        return out.append(format, from, format.length()).toString();
    }

    private interface Backend {
        boolean isDebugEnabled();

        void debug(String format, Object[] args);

        void info(String format, Object[] args);

        void warn(String message, Throwable error);
    }

    /** Loaded only when SLF4J is present: nothing else in this class names an SLF4J type. */
    private static final class Slf4jBackend implements Backend {
        private final org.slf4j.Logger logger;

        Slf4jBackend(Class<?> owner) {
            this.logger = org.slf4j.LoggerFactory.getLogger(owner);
        }

        @Override
        public boolean isDebugEnabled() {
            return logger.isDebugEnabled();
        }

        @Override
        public void debug(String format, Object[] args) {
            logger.debug(format, args);
        }

        @Override
        public void info(String format, Object[] args) {
            logger.info(format, args);
        }

        @Override
        public void warn(String message, Throwable error) {
            logger.warn(message, error);
        }
    }

    private static final class SystemBackend implements Backend {
        private final System.Logger logger;

        SystemBackend(Class<?> owner) {
            this.logger = System.getLogger(owner.getName());
        }

        @Override
        public boolean isDebugEnabled() {
            return logger.isLoggable(System.Logger.Level.DEBUG);
        }

        @Override
        public void debug(String format, Object[] args) {
            logger.log(System.Logger.Level.DEBUG, format(format, args));
        }

        @Override
        public void info(String format, Object[] args) {
            if (logger.isLoggable(System.Logger.Level.INFO)) {
                logger.log(System.Logger.Level.INFO, format(format, args));
            }
        }

        @Override
        public void warn(String message, Throwable error) {
            logger.log(System.Logger.Level.WARNING, message, error);
        }
    }
}
