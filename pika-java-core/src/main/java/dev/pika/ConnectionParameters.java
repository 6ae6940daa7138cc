package dev.pika;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a connection needs to reach and talk to a broker: Pika's {@code ConnectionParameters}
 * and {@code URLParameters} in one immutable Java type.
 *
 * <p>Every Pika 1.2 parameter is here with Pika's default: host {@code localhost}, port 5672 (5671
 * with TLS), virtual host {@code /}, credentials {@code guest}/{@code guest}, channel_max 65535,
 * frame_max 131072, heartbeat unset (accept the broker's proposal), no TLS, 1 connection attempt,
 * retry delay 2 s, socket (TCP connect) timeout 10 s, stack (TCP + TLS + AMQP handshake) timeout
 * 15 s, locale {@code en_US}, no blocked-connection timeout, no extra client properties and default
 * TCP options. Java extras: {@link #connectionName()}, {@link #maxInboundMessageBodySize()}, {@link
 * #writeBufferHighWatermark()}, {@link #writeBufferLimit()} and {@link #metricsCollector()}.
 *
 * <pre>{@code
 * ConnectionParameters params = ConnectionParameters.builder()
 *         .host("rabbit.example.com")
 *         .credentials(new PlainCredentials("app", secret))
 *         .heartbeat(Duration.ofSeconds(30))
 *         .connectionName("orders-service")
 *         .build();
 * ConnectionParameters same = ConnectionParameters.fromUrl(
 *         "amqp://app:secret@rabbit.example.com/%2F?heartbeat=30&connection_name=orders-service");
 * }</pre>
 *
 * <p>Invalid values fail in the builder with an {@link IllegalArgumentException} naming the
 * parameter, the value and the accepted range; nulls where a value is required fail with a {@link
 * NullPointerException} naming the parameter. Time values are {@link Duration}s.
 *
 * <p>Immutable and thread-safe (the credentials may erase their secret after connecting when created
 * with {@code eraseOnConnect}, as in Pika). {@code equals} and {@code hashCode} compare values (the
 * heartbeat negotiator and the metrics collector by identity). {@link #toString()} never shows the
 * password; {@link #toUrl()} does.
 */
public final class ConnectionParameters {

    /** Pika's {@code DEFAULT_HOST}: {@value}. */
    public static final String DEFAULT_HOST = "localhost";
    /** Pika's {@code DEFAULT_PORT}: {@value}. */
    public static final int DEFAULT_PORT = 5672;
    /** Pika's {@code DEFAULT_SSL_PORT}, the default port when TLS is on: {@value}. */
    public static final int DEFAULT_SSL_PORT = 5671;
    /** Pika's {@code DEFAULT_VIRTUAL_HOST}: {@value}. */
    public static final String DEFAULT_VIRTUAL_HOST = "/";
    /** Pika's {@code DEFAULT_USERNAME}: {@value}. */
    public static final String DEFAULT_USERNAME = "guest";
    /** Pika's {@code DEFAULT_PASSWORD}: {@value}. */
    public static final String DEFAULT_PASSWORD = "guest";
    /** Pika's {@code DEFAULT_CREDENTIALS}: PLAIN {@code guest}/{@code guest}. */
    public static final Credentials DEFAULT_CREDENTIALS = new PlainCredentials(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    /** The most channels AMQP 0-9-1 allows (Pika's {@code channel.MAX_CHANNELS}): {@value}. */
    public static final int MAX_CHANNELS = 65535;
    /** Pika's {@code DEFAULT_CHANNEL_MAX}: {@value}. */
    public static final int DEFAULT_CHANNEL_MAX = MAX_CHANNELS;
    /** The smallest frame_max AMQP 0-9-1 allows (Pika's {@code spec.FRAME_MIN_SIZE}): {@value}. */
    public static final int FRAME_MIN_SIZE = 4096;
    /** The largest frame_max Pika accepts (Pika's {@code spec.FRAME_MAX_SIZE}): {@value}. */
    public static final int FRAME_MAX_SIZE = 131072;
    /** Pika's {@code DEFAULT_FRAME_MAX}: {@value}. */
    public static final int DEFAULT_FRAME_MAX = FRAME_MAX_SIZE;
    /** The largest heartbeat timeout (an AMQP unsigned short), in seconds: {@value}. */
    public static final int MAX_HEARTBEAT_SECONDS = HeartbeatNegotiator.MAX_SECONDS;
    /** Pika's {@code DEFAULT_CONNECTION_ATTEMPTS}: {@value}. */
    public static final int DEFAULT_CONNECTION_ATTEMPTS = 1;
    /** Pika's {@code DEFAULT_RETRY_DELAY}: 2 seconds. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    /** Pika's {@code DEFAULT_SOCKET_TIMEOUT} (TCP connect): 10 seconds. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** Pika's {@code DEFAULT_STACK_TIMEOUT} (TCP, TLS and AMQP handshake): 15 seconds. */
    public static final Duration DEFAULT_STACK_TIMEOUT = Duration.ofSeconds(15);
    /** Pika's {@code DEFAULT_LOCALE}: {@value}. */
    public static final String DEFAULT_LOCALE = "en_US";
    /** The default TCP options: {@code TCP_NODELAY} on, the rest from the operating system. */
    public static final TcpOptions DEFAULT_TCP_OPTIONS = TcpOptions.DEFAULT;
    /** The largest message body a Java array can hold, in bytes: {@value}. */
    public static final int MAX_MESSAGE_BODY_SIZE = Integer.MAX_VALUE - 8;
    /** Default of {@link #maxInboundMessageBodySize()}: 128 MiB. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BODY_SIZE = 128 * 1024 * 1024;
    /** Default of {@link #writeBufferHighWatermark()}: 4 MiB. */
    public static final long DEFAULT_WRITE_BUFFER_HIGH_WATERMARK = 4L * 1024 * 1024;
    /** Default of {@link #writeBufferLimit()}: 64 MiB. */
    public static final long DEFAULT_WRITE_BUFFER_LIMIT = 64L * 1024 * 1024;
    /** Default of {@link #metricsCollector()}: {@link MetricsCollector#NOOP}. */
    public static final MetricsCollector DEFAULT_METRICS_COLLECTOR = MetricsCollector.NOOP;

    private static final ConnectionParameters DEFAULTS = builder().build();

    private final String host;
    private final Integer explicitPort;
    private final String virtualHost;
    private final Credentials credentials;
    private final int channelMax;
    private final int frameMax;
    private final Duration heartbeat;
    private final HeartbeatNegotiator heartbeatNegotiator;
    private final SslOptions sslOptions;
    private final int connectionAttempts;
    private final Duration retryDelay;
    private final Duration socketTimeout;
    private final Duration stackTimeout;
    private final String locale;
    private final Duration blockedConnectionTimeout;
    private final Map<String, Object> clientProperties;
    private final TcpOptions tcpOptions;
    private final String connectionName;
    private final int maxInboundMessageBodySize;
    private final long writeBufferHighWatermark;
    private final long writeBufferLimit;
    private final MetricsCollector metricsCollector;

    private ConnectionParameters(Builder b) {
        this.host = b.host;
        this.explicitPort = b.port;
        this.virtualHost = b.virtualHost;
        this.credentials = b.credentials;
        this.channelMax = b.channelMax;
        this.frameMax = b.frameMax;
        this.heartbeat = b.heartbeat;
        this.heartbeatNegotiator = b.heartbeatNegotiator;
        this.sslOptions = b.sslOptions;
        this.connectionAttempts = b.connectionAttempts;
        this.retryDelay = b.retryDelay;
        this.socketTimeout = b.socketTimeout;
        this.stackTimeout = b.stackTimeout;
        this.locale = b.locale;
        this.blockedConnectionTimeout = b.blockedConnectionTimeout;
        this.clientProperties = b.clientProperties;
        this.tcpOptions = b.tcpOptions;
        this.connectionName = b.connectionName;
        this.maxInboundMessageBodySize = b.maxInboundMessageBodySize;
        this.writeBufferHighWatermark = b.writeBufferHighWatermark;
        this.writeBufferLimit = b.writeBufferLimit;
        this.metricsCollector = b.metricsCollector;
    }

    /** The defaults: {@code amqp://guest:guest@localhost:5672/%2F}. A shared instance. */
    public static ConnectionParameters defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this instance's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses an AMQP URL, Pika's {@code URLParameters}: {@code
     * amqp[s]://[user[:password]@]host[:port][/vhost][?name=value&...]}.
     *
     * <ul>
     *   <li>{@code amqps} turns TLS on ({@link SslOptions#defaults()}: JDK trust, host name
     *       verification) and makes 5671 the default port; TLS query parameters refine it.
     *   <li>User, password and virtual host are percent-decoded ({@code %2F} is {@code /}); no
     *       path, or {@code /}, is the default virtual host {@code /}; a path with a second
     *       {@code /} is refused (encode it as {@code %2F}). IPv6 hosts go in brackets ({@code
     *       [::1]}). A user without password has the empty password.
     *   <li>Query names of Pika: {@code blocked_connection_timeout}, {@code channel_max}, {@code
     *       client_properties}, {@code connection_attempts}, {@code frame_max}, {@code heartbeat},
     *       {@code locale}, {@code retry_delay}, {@code socket_timeout}, {@code stack_timeout},
     *       {@code ssl_options}, {@code tcp_options}; {@code backpressure_detection} (old Pika) is
     *       accepted and ignored. Times are seconds (decimals allowed except for heartbeat); {@code
     *       None} disables the socket, stack and blocked-connection timeouts. {@code ssl_options},
     *       {@code tcp_options} and {@code client_properties} take Python dict literals such as
     *       {@code {'ca_certs': '/etc/ca.pem'}}.
     *   <li>RabbitMQ URI names: {@code connection_timeout} (milliseconds, 0 = none), {@code
     *       auth_mechanism} ({@code plain} or {@code external}), {@code cacertfile}, {@code
     *       certfile}, {@code keyfile}, {@code verify} ({@code verify_peer}, {@code verify_none}),
     *       {@code server_name_indication} (a host name, or {@code disable}).
     *   <li>Java extras: {@code connection_name}, {@code max_inbound_message_body_size}, {@code
     *       write_buffer_high_watermark}, {@code write_buffer_limit} (bytes).
     * </ul>
     *
     * <p>The {@code ssl_options} keys: {@code ca_certs}/{@code cafile} (PEM file), {@code
     * ca_path}/{@code capath} (directory of PEM files), {@code ca_data}/{@code cadata} (PEM text),
     * {@code certfile}, {@code keyfile}, {@code password} (of the key), {@code server_hostname},
     * {@code check_hostname}, {@code verify} and {@code cert_reqs} ({@code CERT_NONE}/0 trusts any
     * server), {@code protocol} ({@code 'TLSv1.2'}, {@code 'TLSv1.3'} or Python's {@code
     * ssl.PROTOCOL_*} numbers), {@code ciphers} (JDK suite names separated by {@code :}), and the
     * Java key stores {@code truststore}, {@code truststore_password}, {@code truststore_type},
     * {@code keystore}, {@code keystore_password}, {@code keystore_type}, {@code key_password}.
     * The {@code tcp_options} keys are those of {@link TcpOptions#fromPikaOptions(Map)}.
     *
     * @param url the URL
     * @return the parameters
     * @throws IllegalArgumentException for a malformed URL, an unknown query name (the message
     *     lists the supported ones), a repeated name or a bad value; messages never show the
     *     password
     */
    public static ConnectionParameters fromUrl(String url) {
        return AmqpUrl.parse(url);
    }

    /**
     * These parameters as an AMQP URL that {@link #fromUrl(String)} reads back equal: only values
     * that differ from the defaults appear in the query; the virtual host is always in the path
     * ({@code /%2F} for {@code /}). The URL contains the password: never log it.
     *
     * @return the URL
     * @throws IllegalStateException when a setting has no URL form: a heartbeat negotiator, a
     *     metrics collector, an {@code SSLContext} given by the application, or client properties
     *     holding values other than strings, numbers, booleans, lists and maps
     */
    public String toUrl() {
        return AmqpUrl.format(this);
    }

    /** The broker's host name or IP address. Default {@value #DEFAULT_HOST}. */
    public String host() {
        return host;
    }

    /** The broker's port: the one set, else 5671 with TLS and 5672 without. */
    public int port() {
        if (explicitPort != null) {
            return explicitPort;
        }
        return sslOptions != null ? DEFAULT_SSL_PORT : DEFAULT_PORT;
    }

    /** Whether the port was set explicitly rather than derived from TLS. */
    public boolean portExplicit() {
        return explicitPort != null;
    }

    /** The virtual host. Default {@value #DEFAULT_VIRTUAL_HOST}. */
    public String virtualHost() {
        return virtualHost;
    }

    /** The SASL credentials. Default PLAIN {@code guest}/{@code guest}. */
    public Credentials credentials() {
        return credentials;
    }

    /** The largest channel number the client asks for; the lower of this and the broker's wins. */
    public int channelMax() {
        return channelMax;
    }

    /** The largest frame the client asks for, in bytes; the lower of this and the broker's wins. */
    public int frameMax() {
        return frameMax;
    }

    /**
     * The fixed heartbeat timeout, which always overrides the broker's proposal; {@link
     * Duration#ZERO} turns heartbeats off. Empty when the broker's proposal is accepted (the
     * default, Pika's {@code heartbeat=None}) or a {@link #heartbeatNegotiator()} decides.
     */
    public Optional<Duration> heartbeat() {
        return Optional.ofNullable(heartbeat);
    }

    /** The callable that chooses the heartbeat timeout from the broker's proposal, if set. */
    public Optional<HeartbeatNegotiator> heartbeatNegotiator() {
        return Optional.ofNullable(heartbeatNegotiator);
    }

    /**
     * The heartbeat timeout to send in {@code Connection.TuneOk}, Pika's rule: the negotiator's
     * answer if one is set, else the fixed {@link #heartbeat()}, else the broker's proposal.
     *
     * @param serverProposalSeconds the broker's {@code Connection.Tune} heartbeat, in seconds
     * @return the timeout in seconds, 0 for no heartbeats
     * @throws IllegalArgumentException when the negotiator returns a value outside [0, 65535]
     */
    public int negotiateHeartbeat(int serverProposalSeconds) {
        Checks.inRange("serverProposalSeconds", serverProposalSeconds, 0, MAX_HEARTBEAT_SECONDS);
        if (heartbeatNegotiator != null) {
            int chosen = heartbeatNegotiator.negotiate(serverProposalSeconds);
            if (chosen < 0 || chosen > MAX_HEARTBEAT_SECONDS) {
                throw new IllegalArgumentException("heartbeatNegotiator returned " + chosen
                        + " for the broker's proposal of " + serverProposalSeconds
                        + " s; it must return seconds between 0 and " + MAX_HEARTBEAT_SECONDS
                        + " (0 disables heartbeats)");
            }
            return chosen;
        }
        if (heartbeat != null) {
            return (int) heartbeat.getSeconds();
        }
        return serverProposalSeconds;
    }

    /** The TLS options; empty for plain TCP (the default). */
    public Optional<SslOptions> sslOptions() {
        return Optional.ofNullable(sslOptions);
    }

    /** How many times to try to connect (TCP through AMQP handshake) before giving up. Default 1. */
    public int connectionAttempts() {
        return connectionAttempts;
    }

    /** The pause between connection attempts. Default 2 s. */
    public Duration retryDelay() {
        return retryDelay;
    }

    /** The TCP connect timeout; empty = none. Default 10 s. */
    public Optional<Duration> socketTimeout() {
        return Optional.ofNullable(socketTimeout);
    }

    /** The timeout of the whole TCP, TLS and AMQP bring-up; empty = none. Default 15 s. */
    public Optional<Duration> stackTimeout() {
        return Optional.ofNullable(stackTimeout);
    }

    /** The locale sent in {@code Connection.StartOk}. Default {@value #DEFAULT_LOCALE}. */
    public String locale() {
        return locale;
    }

    /**
     * How long the connection may stay blocked by the broker ({@code Connection.Blocked}) before it
     * is torn down with {@code ConnectionBlockedTimeoutException}; empty = forever (the default).
     */
    public Optional<Duration> blockedConnectionTimeout() {
        return Optional.ofNullable(blockedConnectionTimeout);
    }

    /**
     * The application's client properties, merged over the defaults in {@code Connection.StartOk}
     * (see {@link ClientProperties}). Default empty. An unmodifiable deep copy.
     */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    /** The TCP socket options. Default {@link TcpOptions#DEFAULT}. */
    public TcpOptions tcpOptions() {
        return tcpOptions;
    }

    /**
     * The connection's name, sent as client property {@code connection_name} (shown by RabbitMQ's
     * management UI and {@code rabbitmqctl list_connections}) and used as the connection's name in
     * logs, thread names and {@link MetricsCollector} calls. Set by {@link
     * Builder#connectionName(String)} or by a {@code connection_name} client property. Empty by
     * default.
     */
    public Optional<String> connectionName() {
        if (connectionName != null) {
            return Optional.of(connectionName);
        }
        return clientProperties.get(ClientProperties.CONNECTION_NAME) instanceof String name
                ? Optional.of(name)
                : Optional.empty();
    }

    /**
     * The largest message body the connection accepts from the broker, in bytes. A delivery,
     * return or get-ok announcing a bigger body is not allocated: the connection closes with a
     * typed error instead (the frame-size check alone cannot bound a body, which spans frames).
     * Default 128 MiB.
     */
    public int maxInboundMessageBodySize() {
        return maxInboundMessageBodySize;
    }

    /**
     * Outbound backpressure: when the bytes written but not yet on the socket exceed this, the
     * connection reports itself not writable and the blocking adapter's publishes wait until the
     * socket drains; asynchronous publishers can watch the same signal. Default 4 MiB, enough for
     * tens of thousands of small messages per loop turn.
     */
    public long writeBufferHighWatermark() {
        return writeBufferHighWatermark;
    }

    /**
     * Outbound hard limit: while the bytes written but not yet on the socket exceed this, a new
     * publish fails with a typed exception instead of growing the heap further (a broker that
     * stopped reading cannot exhaust memory). At least {@link #writeBufferHighWatermark()}. Default
     * 64 MiB.
     */
    public long writeBufferLimit() {
        return writeBufferLimit;
    }

    /** The name given to {@link Builder#connectionName(String)}, or null. */
    String explicitConnectionName() {
        return connectionName;
    }

    /** The instrumentation hooks, called on the I/O thread. Default {@link MetricsCollector#NOOP}. */
    public MetricsCollector metricsCollector() {
        return metricsCollector;
    }

    /**
     * The complete client properties table for {@code Connection.StartOk}: {@link
     * ClientProperties#merge(Map, String)} of {@link #clientProperties()} and {@link
     * #connectionName()}.
     *
     * @return a new unmodifiable, ordered map
     */
    public Map<String, Object> startOkClientProperties() {
        return ClientProperties.merge(clientProperties, connectionName().orElse(null));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionParameters that
                && host.equals(that.host)
                && port() == that.port()
                && virtualHost.equals(that.virtualHost)
                && credentials.equals(that.credentials)
                && channelMax == that.channelMax
                && frameMax == that.frameMax
                && Objects.equals(heartbeat, that.heartbeat)
                && heartbeatNegotiator == that.heartbeatNegotiator
                && Objects.equals(sslOptions, that.sslOptions)
                && connectionAttempts == that.connectionAttempts
                && retryDelay.equals(that.retryDelay)
                && Objects.equals(socketTimeout, that.socketTimeout)
                && Objects.equals(stackTimeout, that.stackTimeout)
                && locale.equals(that.locale)
                && Objects.equals(blockedConnectionTimeout, that.blockedConnectionTimeout)
                && FieldTableValues.deepEquals(clientProperties, that.clientProperties)
                && tcpOptions.equals(that.tcpOptions)
                && Objects.equals(connectionName, that.connectionName)
                && maxInboundMessageBodySize == that.maxInboundMessageBodySize
                && writeBufferHighWatermark == that.writeBufferHighWatermark
                && writeBufferLimit == that.writeBufferLimit
                && metricsCollector == that.metricsCollector;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                host,
                port(),
                virtualHost,
                credentials,
                channelMax,
                frameMax,
                heartbeat,
                System.identityHashCode(heartbeatNegotiator),
                sslOptions,
                connectionAttempts,
                retryDelay,
                socketTimeout,
                stackTimeout,
                locale,
                blockedConnectionTimeout,
                FieldTableValues.deepHashCode(clientProperties),
                tcpOptions,
                connectionName,
                maxInboundMessageBodySize,
                writeBufferHighWatermark,
                writeBufferLimit,
                System.identityHashCode(metricsCollector));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("host=" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host));
        parts.add("port=" + port());
        parts.add("virtualHost=" + virtualHost);
        parts.add("credentials=" + credentials);
        parts.add("ssl=" + (sslOptions == null ? "off" : sslOptions));
        connectionName().ifPresent(name -> parts.add("connectionName=" + name));
        parts.add("heartbeat="
                + (heartbeatNegotiator != null ? "negotiator" : heartbeat != null ? heartbeat : "server's proposal"));
        parts.add("channelMax=" + channelMax);
        parts.add("frameMax=" + frameMax);
        parts.add("connectionAttempts=" + connectionAttempts);
        parts.add("retryDelay=" + retryDelay);
        parts.add("socketTimeout=" + (socketTimeout == null ? "none" : socketTimeout));
        parts.add("stackTimeout=" + (stackTimeout == null ? "none" : stackTimeout));
        parts.add("blockedConnectionTimeout=" + (blockedConnectionTimeout == null ? "none" : blockedConnectionTimeout));
        parts.add("locale=" + locale);
        if (!clientProperties.isEmpty()) {
            parts.add("clientProperties=" + clientProperties);
        }
        parts.add("tcpOptions=" + tcpOptions);
        parts.add("maxInboundMessageBodySize=" + maxInboundMessageBodySize);
        parts.add("writeBufferHighWatermark=" + writeBufferHighWatermark);
        parts.add("writeBufferLimit=" + writeBufferLimit);
        if (metricsCollector != MetricsCollector.NOOP) {
            parts.add("metricsCollector=" + metricsCollector);
        }
        return "ConnectionParameters{" + String.join(", ", parts) + "}";
    }

    /**
     * Builds {@link ConnectionParameters}. Setters validate at once (fail fast, naming the
     * parameter); {@link #build()} checks the settings against each other. Not thread-safe.
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private Integer port;
        private String virtualHost = DEFAULT_VIRTUAL_HOST;
        private Credentials credentials = DEFAULT_CREDENTIALS;
        private int channelMax = DEFAULT_CHANNEL_MAX;
        private int frameMax = DEFAULT_FRAME_MAX;
        private Duration heartbeat;
        private HeartbeatNegotiator heartbeatNegotiator;
        private SslOptions sslOptions;
        private int connectionAttempts = DEFAULT_CONNECTION_ATTEMPTS;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private Duration stackTimeout = DEFAULT_STACK_TIMEOUT;
        private String locale = DEFAULT_LOCALE;
        private Duration blockedConnectionTimeout;
        private Map<String, Object> clientProperties = Map.of();
        private TcpOptions tcpOptions = DEFAULT_TCP_OPTIONS;
        private String connectionName;
        private int maxInboundMessageBodySize = DEFAULT_MAX_INBOUND_MESSAGE_BODY_SIZE;
        private long writeBufferHighWatermark = DEFAULT_WRITE_BUFFER_HIGH_WATERMARK;
        private long writeBufferLimit = DEFAULT_WRITE_BUFFER_LIMIT;
        private MetricsCollector metricsCollector = DEFAULT_METRICS_COLLECTOR;

        private Builder() {}

        private Builder(ConnectionParameters p) {
            host = p.host;
            port = p.explicitPort;
            virtualHost = p.virtualHost;
            credentials = p.credentials;
            channelMax = p.channelMax;
            frameMax = p.frameMax;
            heartbeat = p.heartbeat;
            heartbeatNegotiator = p.heartbeatNegotiator;
            sslOptions = p.sslOptions;
            connectionAttempts = p.connectionAttempts;
            retryDelay = p.retryDelay;
            socketTimeout = p.socketTimeout;
            stackTimeout = p.stackTimeout;
            locale = p.locale;
            blockedConnectionTimeout = p.blockedConnectionTimeout;
            clientProperties = p.clientProperties;
            tcpOptions = p.tcpOptions;
            connectionName = p.connectionName;
            maxInboundMessageBodySize = p.maxInboundMessageBodySize;
            writeBufferHighWatermark = p.writeBufferHighWatermark;
            writeBufferLimit = p.writeBufferLimit;
            metricsCollector = p.metricsCollector;
        }

        /**
         * The broker's host name or IP address (IPv6 without brackets).
         *
         * @param host not blank
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Checks.notBlank("host", host);
            return this;
        }

        /**
         * The broker's port; unset means 5671 with TLS and 5672 without.
         *
         * @param port between 1 and 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = Checks.inRange("port", port, 1, 65535);
            return this;
        }

        /** Forgets an explicit port: 5671 with TLS, 5672 without. */
        public Builder defaultPort() {
            this.port = null;
            return this;
        }

        /**
         * The virtual host.
         *
         * @param virtualHost at most 255 UTF-8 bytes
         * @return this builder
         */
        public Builder virtualHost(String virtualHost) {
            this.virtualHost = Checks.shortString("virtualHost", virtualHost);
            return this;
        }

        /**
         * The SASL credentials.
         *
         * @param credentials {@link PlainCredentials} or {@link ExternalCredentials}
         * @return this builder
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = Checks.notNull("credentials", credentials);
            return this;
        }

        /**
         * The most channels the client wants; the lower of this and the broker's limit is used.
         *
         * @param channelMax between 1 and 65535
         * @return this builder
         */
        public Builder channelMax(int channelMax) {
            this.channelMax = Checks.inRange("channelMax", channelMax, 1, MAX_CHANNELS);
            return this;
        }

        /**
         * The largest frame the client wants, in bytes; the lower of this and the broker's is used.
         *
         * @param frameMax between 4096 and 131072
         * @return this builder
         */
        public Builder frameMax(int frameMax) {
            this.frameMax = Checks.inRange("frameMax", frameMax, FRAME_MIN_SIZE, FRAME_MAX_SIZE);
            return this;
        }

        /**
         * A fixed heartbeat timeout that overrides the broker's proposal; {@link Duration#ZERO}
         * turns heartbeats off. Replaces a negotiator.
         *
         * @param heartbeat whole seconds between 0 and 65535
         * @return this builder
         */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = Checks.wholeSeconds("heartbeat", heartbeat, 0, MAX_HEARTBEAT_SECONDS);
            this.heartbeatNegotiator = null;
            return this;
        }

        /**
         * A callable that chooses the heartbeat timeout from the broker's proposal (Pika's callable
         * {@code heartbeat}). Replaces a fixed heartbeat.
         *
         * @param negotiator the callable
         * @return this builder
         */
        public Builder heartbeat(HeartbeatNegotiator negotiator) {
            this.heartbeatNegotiator = Checks.notNull("heartbeat negotiator", negotiator);
            this.heartbeat = null;
            return this;
        }

        /** Accepts the broker's heartbeat proposal (the default, Pika's {@code heartbeat=None}). */
        public Builder acceptServerHeartbeat() {
            this.heartbeat = null;
            this.heartbeatNegotiator = null;
            return this;
        }

        /**
         * TLS options; null for plain TCP. Without an explicit port, TLS moves the port to 5671.
         *
         * @param sslOptions the options, or null
         * @return this builder
         */
        public Builder sslOptions(SslOptions sslOptions) {
            this.sslOptions = sslOptions;
            return this;
        }

        /**
         * How many times to try to connect before giving up.
         *
         * @param connectionAttempts at least 1
         * @return this builder
         */
        public Builder connectionAttempts(int connectionAttempts) {
            this.connectionAttempts = (int) Checks.atLeast("connectionAttempts", connectionAttempts, 1);
            return this;
        }

        /**
         * The pause between connection attempts.
         *
         * @param retryDelay at least zero
         * @return this builder
         */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = Checks.nonNegative("retryDelay", retryDelay);
            return this;
        }

        /**
         * The TCP connect timeout.
         *
         * @param socketTimeout positive, or null for none
         * @return this builder
         */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Checks.positiveOrNull("socketTimeout", socketTimeout);
            return this;
        }

        /**
         * The timeout of the whole TCP, TLS and AMQP bring-up; best set above the socket timeout.
         *
         * @param stackTimeout positive, or null for none
         * @return this builder
         */
        public Builder stackTimeout(Duration stackTimeout) {
            this.stackTimeout = Checks.positiveOrNull("stackTimeout", stackTimeout);
            return this;
        }

        /**
         * The locale sent in {@code Connection.StartOk}.
         *
         * @param locale at most 255 UTF-8 bytes, e.g. {@code en_US}
         * @return this builder
         */
        public Builder locale(String locale) {
            this.locale = Checks.shortString("locale", locale);
            return this;
        }

        /**
         * How long the connection may stay blocked by the broker before it is torn down.
         *
         * @param blockedConnectionTimeout at least zero, or null to wait forever
         * @return this builder
         */
        public Builder blockedConnectionTimeout(Duration blockedConnectionTimeout) {
            this.blockedConnectionTimeout = blockedConnectionTimeout == null
                    ? null
                    : Checks.nonNegative("blockedConnectionTimeout", blockedConnectionTimeout);
            return this;
        }

        /**
         * Client properties merged over the defaults in {@code Connection.StartOk}; values must be
         * AMQP field-table values (String, Boolean, numbers, BigDecimal, Instant, byte[], Map, List).
         * Deep-copied; null means none.
         *
         * @param clientProperties the properties
         * @return this builder
         */
        public Builder clientProperties(Map<String, ?> clientProperties) {
            this.clientProperties = clientProperties == null ? Map.of() : FieldTableValues.copy(clientProperties);
            if (this.clientProperties.containsKey(ClientProperties.CAPABILITIES)) {
                ClientProperties.capabilitiesOf(this.clientProperties.get(ClientProperties.CAPABILITIES));
            }
            return this;
        }

        /**
         * TCP socket options.
         *
         * @param tcpOptions the options; null means {@link TcpOptions#DEFAULT}
         * @return this builder
         */
        public Builder tcpOptions(TcpOptions tcpOptions) {
            this.tcpOptions = tcpOptions == null ? DEFAULT_TCP_OPTIONS : tcpOptions;
            return this;
        }

        /**
         * Names the connection: sent as client property {@code connection_name}, shown by RabbitMQ.
         *
         * @param connectionName not blank, at most 255 UTF-8 bytes; null for none
         * @return this builder
         */
        public Builder connectionName(String connectionName) {
            if (connectionName != null) {
                Checks.notBlank("connectionName", connectionName);
                Checks.shortString("connectionName", connectionName);
            }
            this.connectionName = connectionName;
            return this;
        }

        /**
         * The largest inbound message body to allocate; bigger ones close the connection with a
         * typed error.
         *
         * @param maxInboundMessageBodySize between 1 and {@value #MAX_MESSAGE_BODY_SIZE} bytes
         * @return this builder
         */
        public Builder maxInboundMessageBodySize(int maxInboundMessageBodySize) {
            this.maxInboundMessageBodySize =
                    Checks.inRange("maxInboundMessageBodySize", maxInboundMessageBodySize, 1, MAX_MESSAGE_BODY_SIZE);
            return this;
        }

        /**
         * Unflushed outbound bytes above which the connection reports itself not writable.
         *
         * @param writeBufferHighWatermark at least 1 byte, at most {@link #writeBufferLimit(long)}
         * @return this builder
         */
        public Builder writeBufferHighWatermark(long writeBufferHighWatermark) {
            this.writeBufferHighWatermark = Checks.atLeast("writeBufferHighWatermark", writeBufferHighWatermark, 1);
            return this;
        }

        /**
         * Unflushed outbound bytes above which a new publish fails instead of buffering.
         *
         * @param writeBufferLimit at least {@link #writeBufferHighWatermark(long)}
         * @return this builder
         */
        public Builder writeBufferLimit(long writeBufferLimit) {
            this.writeBufferLimit = Checks.atLeast("writeBufferLimit", writeBufferLimit, 1);
            return this;
        }

        /**
         * Instrumentation hooks called on the I/O thread.
         *
         * @param metricsCollector the collector; null means {@link MetricsCollector#NOOP}
         * @return this builder
         */
        public Builder metricsCollector(MetricsCollector metricsCollector) {
            this.metricsCollector = metricsCollector == null ? MetricsCollector.NOOP : metricsCollector;
            return this;
        }

        /**
         * Checks the settings against each other and returns the immutable parameters.
         *
         * @return the parameters
         * @throws IllegalArgumentException when the write buffer limit is below the high watermark,
         *     or the connection name conflicts with a {@code connection_name} client property
         */
        public ConnectionParameters build() {
            if (writeBufferLimit < writeBufferHighWatermark) {
                throw new IllegalArgumentException("writeBufferLimit (" + writeBufferLimit
                        + ") must be >= writeBufferHighWatermark (" + writeBufferHighWatermark
                        + "); raise writeBufferLimit or lower writeBufferHighWatermark");
            }
            Object propertyName = clientProperties.get(ClientProperties.CONNECTION_NAME);
            if (connectionName != null && propertyName != null && !connectionName.equals(propertyName)) {
                throw new IllegalArgumentException("connectionName '" + connectionName
                        + "' conflicts with client property connection_name '" + propertyName
                        + "'; set only one of them");
            }
            return new ConnectionParameters(this);
        }
    }
}
