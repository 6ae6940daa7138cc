package dev.pika;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP socket options for the connection's socket, Pika's {@code tcp_options} in Java form.
 *
 * <p>Defaults: {@code TCP_NODELAY} on (AMQP frames are small and latency matters), {@code
 * SO_KEEPALIVE} off, keep-alive timings and buffer sizes left to the operating system. Setting any
 * keep-alive timing turns {@code SO_KEEPALIVE} on, as Pika does.
 *
 * <p>The keep-alive timings ({@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT}) are
 * applied through {@code jdk.net.ExtendedSocketOptions} on platforms whose JDK supports them (Linux,
 * macOS, Windows 10+); elsewhere they are left out of {@link #socketOptions()} with a warning. Pika's
 * {@code TCP_USER_TIMEOUT} has no JDK socket option and is accepted by {@link #fromPikaOptions(Map)}
 * only to be ignored with a warning; use AMQP heartbeats to detect dead peers.
 *
 * <p>Immutable and thread-safe.
 */
public final class TcpOptions {

    /** Default of {@link #tcpNoDelay()}: {@value}. */
    public static final boolean DEFAULT_TCP_NO_DELAY = true;
    /** Default of {@link #keepAlive()}: {@value}. */
    public static final boolean DEFAULT_KEEP_ALIVE = false;
    /** The defaults: {@code TCP_NODELAY} on, everything else from the operating system. */
    public static final TcpOptions DEFAULT = builder().build();

    /** Pika's key for the keep-alive idle time in seconds. */
    public static final String TCP_KEEPIDLE = "TCP_KEEPIDLE";
    /** Pika's key for the keep-alive probe interval in seconds. */
    public static final String TCP_KEEPINTVL = "TCP_KEEPINTVL";
    /** Pika's key for the keep-alive probe count. */
    public static final String TCP_KEEPCNT = "TCP_KEEPCNT";
    /** Pika's key for {@code TCP_USER_TIMEOUT} in milliseconds: accepted and ignored (no JDK option). */
    public static final String TCP_USER_TIMEOUT = "TCP_USER_TIMEOUT";
    /** Java extra key: {@code TCP_NODELAY} (boolean or 0/1). */
    public static final String TCP_NODELAY = "TCP_NODELAY";
    /** Java extra key: {@code SO_KEEPALIVE} (boolean or 0/1). */
    public static final String SO_KEEPALIVE = "SO_KEEPALIVE";
    /** Java extra key: {@code SO_SNDBUF} in bytes. */
    public static final String SO_SNDBUF = "SO_SNDBUF";
    /** Java extra key: {@code SO_RCVBUF} in bytes. */
    public static final String SO_RCVBUF = "SO_RCVBUF";

    /** Linux's upper bound for {@code TCP_KEEPIDLE} and {@code TCP_KEEPINTVL}, in seconds. */
    static final int MAX_KEEP_SECONDS = 32767;
    /** Linux's upper bound for {@code TCP_KEEPCNT}. */
    static final int MAX_KEEP_COUNT = 127;

    private static final System.Logger LOG = System.getLogger(TcpOptions.class.getName());
    private static final Set<String> KEYS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            TCP_KEEPIDLE,
            TCP_KEEPINTVL,
            TCP_KEEPCNT,
            TCP_USER_TIMEOUT,
            TCP_NODELAY,
            SO_KEEPALIVE,
            SO_SNDBUF,
            SO_RCVBUF)));

    private final boolean tcpNoDelay;
    private final boolean keepAlive;
    private final Duration keepIdle;
    private final Duration keepInterval;
    private final Integer keepCount;
    private final Integer sendBufferSize;
    private final Integer receiveBufferSize;

    private TcpOptions(Builder builder) {
        this.tcpNoDelay = builder.tcpNoDelay;
        this.keepIdle = builder.keepIdle;
        this.keepInterval = builder.keepInterval;
        this.keepCount = builder.keepCount;
        this.keepAlive = builder.keepAlive || keepIdle != null || keepInterval != null || keepCount != null;
        this.sendBufferSize = builder.sendBufferSize;
        this.receiveBufferSize = builder.receiveBufferSize;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this instance's values. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tcpNoDelay = tcpNoDelay;
        builder.keepAlive = keepAlive;
        builder.keepIdle = keepIdle;
        builder.keepInterval = keepInterval;
        builder.keepCount = keepCount;
        builder.sendBufferSize = sendBufferSize;
        builder.receiveBufferSize = receiveBufferSize;
        return builder;
    }

    /**
     * Maps Pika's {@code tcp_options} dictionary onto TcpOptions. Keys: {@code TCP_KEEPIDLE},
     * {@code TCP_KEEPINTVL} (seconds), {@code TCP_KEEPCNT}, {@code TCP_USER_TIMEOUT} (ignored with a
     * warning: the JDK has no such option), and the Java extras {@code TCP_NODELAY}, {@code
     * SO_KEEPALIVE} (booleans or 0/1), {@code SO_SNDBUF}, {@code SO_RCVBUF} (bytes). Values are
     * integers (or booleans where noted).
     *
     * @param options the dictionary; null or empty gives {@link #DEFAULT}
     * @return the options
     * @throws IllegalArgumentException for an unknown key (the message lists the supported ones) or
     *     a value of the wrong type or range
     */
    public static TcpOptions fromPikaOptions(Map<String, ?> options) {
        Builder builder = builder();
        if (options == null) {
            return builder.build();
        }
        for (Map.Entry<String, ?> entry : options.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key == null || !KEYS.contains(key)) {
                throw new IllegalArgumentException("tcpOptions: unknown key '" + key + "'; supported keys are " + KEYS);
            }
            switch (key) {
                case TCP_KEEPIDLE -> builder.keepIdle(Duration.ofSeconds(integer(key, value)));
                case TCP_KEEPINTVL -> builder.keepInterval(Duration.ofSeconds(integer(key, value)));
                case TCP_KEEPCNT -> builder.keepCount((int) integer(key, value));
                case TCP_USER_TIMEOUT -> {
                    integer(key, value);
                    LOG.log(
                            Level.WARNING,
                            "tcp_options TCP_USER_TIMEOUT={0} ignored: the JDK has no socket option for it;"
                                    + " use AMQP heartbeats to detect a dead peer",
                            value);
                }
                case TCP_NODELAY -> builder.tcpNoDelay(bool(key, value));
                case SO_KEEPALIVE -> builder.keepAlive(bool(key, value));
                case SO_SNDBUF -> builder.sendBufferSize((int) integer(key, value));
                case SO_RCVBUF -> builder.receiveBufferSize((int) integer(key, value));
                default -> throw new IllegalStateException("unhandled tcp option " + key);
            }
        }
        return builder.build();
    }

    /**
     * These options as Pika's {@code tcp_options} dictionary: only the values that differ from the
     * defaults, so {@link #DEFAULT} gives the empty map. {@code fromPikaOptions(toPikaOptions())}
     * equals this instance.
     *
     * @return an unmodifiable, ordered map
     */
    public Map<String, Object> toPikaOptions() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (tcpNoDelay != DEFAULT_TCP_NO_DELAY) {
            map.put(TCP_NODELAY, tcpNoDelay);
        }
        if (keepAlive && keepIdle == null && keepInterval == null && keepCount == null) {
            map.put(SO_KEEPALIVE, true);
        }
        if (keepIdle != null) {
            map.put(TCP_KEEPIDLE, keepIdle.getSeconds());
        }
        if (keepInterval != null) {
            map.put(TCP_KEEPINTVL, keepInterval.getSeconds());
        }
        if (keepCount != null) {
            map.put(TCP_KEEPCNT, keepCount);
        }
        if (sendBufferSize != null) {
            map.put(SO_SNDBUF, sendBufferSize);
        }
        if (receiveBufferSize != null) {
            map.put(SO_RCVBUF, receiveBufferSize);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Whether {@code TCP_NODELAY} is set (Nagle's algorithm off). Default true. */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /** Whether {@code SO_KEEPALIVE} is set; true whenever a keep-alive timing is set. Default false. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** {@code TCP_KEEPIDLE}: idle time before the first keep-alive probe; empty = OS default. */
    public Optional<Duration> keepIdle() {
        return Optional.ofNullable(keepIdle);
    }

    /** {@code TCP_KEEPINTVL}: time between keep-alive probes; empty = OS default. */
    public Optional<Duration> keepInterval() {
        return Optional.ofNullable(keepInterval);
    }

    /** {@code TCP_KEEPCNT}: unanswered probes before the connection is dropped; empty = OS default. */
    public OptionalInt keepCount() {
        return keepCount == null ? OptionalInt.empty() : OptionalInt.of(keepCount);
    }

    /** {@code SO_SNDBUF} in bytes; empty = OS default. */
    public OptionalInt sendBufferSize() {
        return sendBufferSize == null ? OptionalInt.empty() : OptionalInt.of(sendBufferSize);
    }

    /** {@code SO_RCVBUF} in bytes; empty = OS default. */
    public OptionalInt receiveBufferSize() {
        return receiveBufferSize == null ? OptionalInt.empty() : OptionalInt.of(receiveBufferSize);
    }

    /**
     * The socket options to set on the connection's socket, in the order to set them: {@code
     * TCP_NODELAY}, {@code SO_KEEPALIVE}, then the keep-alive timings and buffer sizes that are set.
     * Keep-alive timings this platform's JDK does not support are left out, with one warning per
     * option. I/O adapters call {@code channel.setOption(option, value)} for each entry.
     *
     * @return an unmodifiable, ordered map from option to its value
     */
    public Map<SocketOption<?>, Object> socketOptions() {
        Map<SocketOption<?>, Object> map = new LinkedHashMap<>();
        map.put(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
        map.put(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
        if (keepIdle != null) {
            putIfSupported(map, KeepAliveOptions.IDLE, TCP_KEEPIDLE, (int) keepIdle.getSeconds());
        }
        if (keepInterval != null) {
            putIfSupported(map, KeepAliveOptions.INTERVAL, TCP_KEEPINTVL, (int) keepInterval.getSeconds());
        }
        if (keepCount != null) {
            putIfSupported(map, KeepAliveOptions.COUNT, TCP_KEEPCNT, keepCount);
        }
        if (sendBufferSize != null) {
            map.put(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }
        if (receiveBufferSize != null) {
            map.put(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Whether this platform's JDK can set {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL} and {@code
     * TCP_KEEPCNT} on a TCP socket.
     *
     * @return true when all three are supported
     */
    public static boolean keepAliveTuningSupported() {
        Set<SocketOption<?>> supported = PlatformSupport.SUPPORTED;
        return KeepAliveOptions.IDLE != null
                && supported.contains(KeepAliveOptions.IDLE)
                && supported.contains(KeepAliveOptions.INTERVAL)
                && supported.contains(KeepAliveOptions.COUNT);
    }

    private static void putIfSupported(
            Map<SocketOption<?>, Object> map, SocketOption<Integer> option, String name, int value) {
        if (option != null && PlatformSupport.SUPPORTED.contains(option)) {
            map.put(option, value);
        } else if (PlatformSupport.WARNED.add(name)) {
            LOG.log(
                    Level.WARNING,
                    "TCP option {0}={1} is not supported by this platform''s JDK and is not set",
                    name,
                    value);
        }
    }

    private static long integer(String key, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("tcpOptions: " + key + " must be an integer, but was " + describe(value));
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
            return n.longValue() == 1;
        }
        throw new IllegalArgumentException(
                "tcpOptions: " + key + " must be True/False or 1/0, but was " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "None" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TcpOptions that
                && tcpNoDelay == that.tcpNoDelay
                && keepAlive == that.keepAlive
                && Objects.equals(keepIdle, that.keepIdle)
                && Objects.equals(keepInterval, that.keepInterval)
                && Objects.equals(keepCount, that.keepCount)
                && Objects.equals(sendBufferSize, that.sendBufferSize)
                && Objects.equals(receiveBufferSize, that.receiveBufferSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tcpNoDelay, keepAlive, keepIdle, keepInterval, keepCount, sendBufferSize, receiveBufferSize);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TcpOptions{tcpNoDelay=").append(tcpNoDelay);
        text.append(", keepAlive=").append(keepAlive);
        if (keepIdle != null) {
            text.append(", keepIdle=").append(keepIdle);
        }
        if (keepInterval != null) {
            text.append(", keepInterval=").append(keepInterval);
        }
        if (keepCount != null) {
            text.append(", keepCount=").append(keepCount);
        }
        if (sendBufferSize != null) {
            text.append(", sendBufferSize=").append(sendBufferSize);
        }
        if (receiveBufferSize != null) {
            text.append(", receiveBufferSize=").append(receiveBufferSize);
        }
        return text.append('}').toString();
    }

    /**
     * The keep-alive options of module {@code jdk.net}; null in a runtime image built without that
     * module, where the timings are then skipped with a warning instead of failing.
     */
    private static final class KeepAliveOptions {
        static final SocketOption<Integer> IDLE;
        static final SocketOption<Integer> INTERVAL;
        static final SocketOption<Integer> COUNT;

        static {
            SocketOption<Integer> idle = null;
            SocketOption<Integer> interval = null;
            SocketOption<Integer> count = null;
            try {
                idle = ExtendedSocketOptions.TCP_KEEPIDLE;
                interval = ExtendedSocketOptions.TCP_KEEPINTERVAL;
                count = ExtendedSocketOptions.TCP_KEEPCOUNT;
            } catch (LinkageError moduleJdkNetAbsent) {
                idle = null;
            }
            IDLE = idle;
            INTERVAL = interval;
            COUNT = count;
        }

        private KeepAliveOptions() {}
    }

    /** What the JDK supports on a TCP socket here; probed once. */
    private static final class PlatformSupport {
        static final Set<SocketOption<?>> SUPPORTED = probe();
        static final Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private static Set<SocketOption<?>> probe() {
            try (Socket socket = new Socket()) {
                return Set.copyOf(socket.supportedOptions());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot probe the supported TCP socket options; assuming standard ones", e);
                return Set.of(
                        StandardSocketOptions.TCP_NODELAY,
                        StandardSocketOptions.SO_KEEPALIVE,
                        StandardSocketOptions.SO_SNDBUF,
                        StandardSocketOptions.SO_RCVBUF);
            }
        }
    }

    /**
     * Builds {@link TcpOptions}. Not thread-safe; {@link #build()} returns an immutable instance.
     */
    public static final class Builder {
        private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
        private boolean keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration keepIdle;
        private Duration keepInterval;
        private Integer keepCount;
        private Integer sendBufferSize;
        private Integer receiveBufferSize;

        private Builder() {}

        /**
         * Sets {@code TCP_NODELAY} (default true).
         *
         * @param tcpNoDelay false to let Nagle's algorithm batch small writes
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Sets {@code SO_KEEPALIVE} (default false; forced on by any keep-alive timing).
         *
         * @param keepAlive true to send TCP keep-alive probes
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Sets {@code TCP_KEEPIDLE}, whole seconds in [1, 32767]; null = OS default.
         *
         * @param keepIdle idle time before the first probe
         * @return this builder
         */
        public Builder keepIdle(Duration keepIdle) {
            this.keepIdle =
                    keepIdle == null ? null : Checks.wholeSeconds("tcpOptions.keepIdle", keepIdle, 1, MAX_KEEP_SECONDS);
            return this;
        }

        /**
         * Sets {@code TCP_KEEPINTVL}, whole seconds in [1, 32767]; null = OS default.
         *
         * @param keepInterval time between probes
         * @return this builder
         */
        public Builder keepInterval(Duration keepInterval) {
            this.keepInterval = keepInterval == null
                    ? null
                    : Checks.wholeSeconds("tcpOptions.keepInterval", keepInterval, 1, MAX_KEEP_SECONDS);
            return this;
        }

        /**
         * Sets {@code TCP_KEEPCNT} in [1, 127].
         *
         * @param keepCount unanswered probes before the connection is dropped
         * @return this builder
         */
        public Builder keepCount(int keepCount) {
            this.keepCount = Checks.inRange("tcpOptions.keepCount", keepCount, 1, MAX_KEEP_COUNT);
            return this;
        }

        /**
         * Sets {@code SO_SNDBUF} in bytes (at least 1; the OS may round it).
         *
         * @param sendBufferSize the send buffer size
         * @return this builder
         */
        public Builder sendBufferSize(int sendBufferSize) {
            this.sendBufferSize = (int) Checks.atLeast("tcpOptions.sendBufferSize", sendBufferSize, 1);
            return this;
        }

        /**
         * Sets {@code SO_RCVBUF} in bytes (at least 1; the OS may round it).
         *
         * @param receiveBufferSize the receive buffer size
         * @return this builder
         */
        public Builder receiveBufferSize(int receiveBufferSize) {
            this.receiveBufferSize = (int) Checks.atLeast("tcpOptions.receiveBufferSize", receiveBufferSize, 1);
            return this;
        }

        /** Builds the immutable options. */
        public TcpOptions build() {
            return new TcpOptions(this);
        }
    }
}
