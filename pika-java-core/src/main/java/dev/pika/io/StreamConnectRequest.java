package dev.pika.io;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how {@link IoServices#connectStream} opens a stream: plain JDK values, so that the I/O layer
 * depends on nothing of the client's configuration types.
 *
 * <p>Immutable (the {@link SSLContext} is shared, as the JDK intends) and thread-safe. Build one with {@link
 * #builder(InetSocketAddress)}.
 *
 * @param remoteAddress the peer; normally resolved ({@link IoServices#resolve}); an unresolved address fails
 *     the connect with {@code java.nio.channels.UnresolvedAddressException}
 * @param connectTimeout bounds the whole of {@code connectStream}: TCP connect and, with TLS, the handshake;
 *     {@code null} for no bound
 * @param tcpNoDelay {@code TCP_NODELAY} (Nagle off); on by default, as the gathered writes make Nagle useless
 * @param keepAlive {@code SO_KEEPALIVE}
 * @param sendBufferSize {@code SO_SNDBUF} in bytes, or 0 for the operating system's default
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes, or 0 for the operating system's default
 * @param sslContext the TLS context (trust material, and key material for a client certificate), or {@code
 *     null} for plain TCP
 * @param serverName the name sent as SNI and checked against the server's certificate; {@code null} means the
 *     host string of {@code remoteAddress}. SNI is not sent for an address literal
 * @param verifyHostname whether the server certificate must match {@code serverName} (endpoint
 *     identification {@code HTTPS}); the chain is verified by the context's trust managers either way
 * @param writeBufferHighWatermark outbound bytes above which {@link StreamTransport#isWritable()} turns false;
 *     the low watermark is half of it
 * @param writeBufferHardLimit outbound bytes a write may never take the buffer above ({@link
 *     WriteBufferFullException}); at least the high watermark
 * @param serverNameIndication whether the server name is sent as SNI (never for an address literal); on by default
 * @param tlsProtocols the TLS protocol versions to enable (e.g. {@code TLSv1.3}); empty for the context's defaults
 * @param tlsCipherSuites the cipher suites to enable; empty for the context's defaults
 * @param socketOptions further options set on the socket, in order, after the named ones (e.g. the keep-alive
 *     timings {@code jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE}); each value must be of its option's type
 */
public record StreamConnectRequest(
        InetSocketAddress remoteAddress,
        Duration connectTimeout,
        boolean tcpNoDelay,
        boolean keepAlive,
        int sendBufferSize,
        int receiveBufferSize,
        SSLContext sslContext,
        String serverName,
        boolean verifyHostname,
        long writeBufferHighWatermark,
        long writeBufferHardLimit,
        boolean serverNameIndication,
        List<String> tlsProtocols,
        List<String> tlsCipherSuites,
        Map<SocketOption<?>, Object> socketOptions) {

    /** Default {@link #connectTimeout()}: 10 seconds, Pika's {@code socket_timeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Default {@link #writeBufferHighWatermark()}: 4 MiB. */
    public static final long DEFAULT_WRITE_BUFFER_HIGH_WATERMARK = 4L * 1024 * 1024;

    /** Default {@link #writeBufferHardLimit()}: 256 MiB, twice RabbitMQ's largest message. */
    public static final long DEFAULT_WRITE_BUFFER_HARD_LIMIT = 256L * 1024 * 1024;

    /**
     * Checks the values; see the record's description for each.
     *
     * @param remoteAddress the peer
     * @param connectTimeout the bound on TCP connect plus TLS handshake, or {@code null}
     * @param tcpNoDelay {@code TCP_NODELAY}
     * @param keepAlive {@code SO_KEEPALIVE}
     * @param sendBufferSize {@code SO_SNDBUF}, or 0
     * @param receiveBufferSize {@code SO_RCVBUF}, or 0
     * @param sslContext the TLS context, or {@code null}
     * @param serverName the TLS server name, or {@code null}
     * @param verifyHostname whether the certificate must match the server name
     * @param writeBufferHighWatermark bytes above which the transport is not writable
     * @param writeBufferHardLimit bytes above which writes are refused
     * @param serverNameIndication whether SNI is sent
     * @param tlsProtocols TLS protocols to enable, or empty (null is empty)
     * @param tlsCipherSuites cipher suites to enable, or empty (null is empty)
     * @param socketOptions further socket options, or empty (null is empty); copied, order kept
     * @throws NullPointerException when {@code remoteAddress} is null
     * @throws IllegalArgumentException when a value is out of range; the message names the parameter
     */
    public StreamConnectRequest {
        Objects.requireNonNull(remoteAddress, "remoteAddress must not be null: give the peer's socket address");
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException(
                    "connectTimeout must be positive, or null for no timeout, but was " + connectTimeout);
        }
        if (sendBufferSize < 0) {
            throw new IllegalArgumentException(
                    "sendBufferSize must be 0 (system default) or positive, but was " + sendBufferSize);
        }
        if (receiveBufferSize < 0) {
            throw new IllegalArgumentException(
                    "receiveBufferSize must be 0 (system default) or positive, but was " + receiveBufferSize);
        }
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException(
                    "serverName must not be blank: give the server's host name, or null to use the address's");
        }
        if (writeBufferHighWatermark <= 0) {
            throw new IllegalArgumentException(
                    "writeBufferHighWatermark must be positive, but was " + writeBufferHighWatermark);
        }
        if (writeBufferHardLimit < writeBufferHighWatermark) {
            throw new IllegalArgumentException("writeBufferHardLimit (" + writeBufferHardLimit
                    + ") must be at least writeBufferHighWatermark (" + writeBufferHighWatermark
                    + "): raise the hard limit or lower the watermark");
        }
        tlsProtocols = tlsProtocols == null ? List.of() : List.copyOf(tlsProtocols);
        tlsCipherSuites = tlsCipherSuites == null ? List.of() : List.copyOf(tlsCipherSuites);
        socketOptions = copyOptions(socketOptions);
    }

    private static Map<SocketOption<?>, Object> copyOptions(Map<SocketOption<?>, Object> options) {
        if (options == null || options.isEmpty()) {
            return Map.of();
        }
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>();
        options.forEach((option, value) -> {
            Objects.requireNonNull(option, "socketOptions must not contain a null option");
            if (value == null || !option.type().isInstance(value)) {
                throw new IllegalArgumentException("socketOptions: " + option.name() + " takes a "
                        + option.type().getSimpleName() + ", but was " + value
                        + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
            }
            copy.put(option, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Starts a request for {@code remoteAddress} with every other value at its default: plain TCP, {@link
     * #DEFAULT_CONNECT_TIMEOUT}, {@code TCP_NODELAY} on, keep-alive off, system socket buffer sizes, hostname
     * verification and SNI on (for when a context is set) with the context's protocols and cipher suites, {@link
     * #DEFAULT_WRITE_BUFFER_HIGH_WATERMARK} and {@link #DEFAULT_WRITE_BUFFER_HARD_LIMIT}.
     *
     * @param remoteAddress the peer
     * @return a builder
     */
    public static Builder builder(InetSocketAddress remoteAddress) {
        return new Builder(remoteAddress);
    }

    /**
     * A builder holding this request's values.
     *
     * @return a builder to derive another request from this one
     */
    public Builder toBuilder() {
        Builder builder = new Builder(remoteAddress);
        builder.connectTimeout = connectTimeout;
        builder.tcpNoDelay = tcpNoDelay;
        builder.keepAlive = keepAlive;
        builder.sendBufferSize = sendBufferSize;
        builder.receiveBufferSize = receiveBufferSize;
        builder.sslContext = sslContext;
        builder.serverName = serverName;
        builder.verifyHostname = verifyHostname;
        builder.writeBufferHighWatermark = writeBufferHighWatermark;
        builder.writeBufferHardLimit = writeBufferHardLimit;
        builder.serverNameIndication = serverNameIndication;
        builder.tlsProtocols = tlsProtocols;
        builder.tlsCipherSuites = tlsCipherSuites;
        builder.socketOptions = new LinkedHashMap<>(socketOptions);
        return builder;
    }

    /**
     * Whether the stream is TLS.
     *
     * @return {@code true} when an {@link SSLContext} is set
     */
    public boolean isTls() {
        return sslContext != null;
    }

    /**
     * The name to verify and to send as SNI: {@link #serverName()} when set, else the address's host string.
     *
     * @return the effective server name
     */
    public String effectiveServerName() {
        return serverName != null ? serverName : remoteAddress.getHostString();
    }

    /**
     * Builds {@link StreamConnectRequest}s. Not thread-safe; {@link #build()} checks the values.
     */
    public static final class Builder {
        private InetSocketAddress remoteAddress;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean tcpNoDelay = true;
        private boolean keepAlive;
        private int sendBufferSize;
        private int receiveBufferSize;
        private SSLContext sslContext;
        private String serverName;
        private boolean verifyHostname = true;
        private long writeBufferHighWatermark = DEFAULT_WRITE_BUFFER_HIGH_WATERMARK;
        private long writeBufferHardLimit = DEFAULT_WRITE_BUFFER_HARD_LIMIT;
        private boolean serverNameIndication = true;
        private List<String> tlsProtocols = List.of();
        private List<String> tlsCipherSuites = List.of();
        private Map<SocketOption<?>, Object> socketOptions = new LinkedHashMap<>();

        private Builder(InetSocketAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
        }

        /**
         * Sets the peer.
         *
         * @param remoteAddress the peer's address
         * @return this builder
         */
        public Builder remoteAddress(InetSocketAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /**
         * Sets the bound on TCP connect plus TLS handshake.
         *
         * @param connectTimeout a positive duration, or {@code null} for none
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets {@code TCP_NODELAY}.
         *
         * @param tcpNoDelay whether Nagle's algorithm is off
         * @return this builder
         */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Sets {@code SO_KEEPALIVE}.
         *
         * @param keepAlive whether TCP keep-alive probes are sent
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Sets {@code SO_SNDBUF}.
         *
         * @param sendBufferSize bytes, or 0 for the system default
         * @return this builder
         */
        public Builder sendBufferSize(int sendBufferSize) {
            this.sendBufferSize = sendBufferSize;
            return this;
        }

        /**
         * Sets {@code SO_RCVBUF}.
         *
         * @param receiveBufferSize bytes, or 0 for the system default
         * @return this builder
         */
        public Builder receiveBufferSize(int receiveBufferSize) {
            this.receiveBufferSize = receiveBufferSize;
            return this;
        }

        /**
         * Turns TLS on with this context, or off with {@code null}.
         *
         * @param sslContext the client's TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Sets the TLS server name (SNI and hostname verification).
         *
         * @param serverName a host name, or {@code null} for the address's host string
         * @return this builder
         */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /**
         * Sets whether the server certificate must match the server name.
         *
         * @param verifyHostname {@code true} (the default) to check the name
         * @return this builder
         */
        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /**
         * Sets the write buffer's high watermark.
         *
         * @param writeBufferHighWatermark bytes
         * @return this builder
         */
        public Builder writeBufferHighWatermark(long writeBufferHighWatermark) {
            this.writeBufferHighWatermark = writeBufferHighWatermark;
            return this;
        }

        /**
         * Sets the write buffer's hard limit.
         *
         * @param writeBufferHardLimit bytes
         * @return this builder
         */
        public Builder writeBufferHardLimit(long writeBufferHardLimit) {
            this.writeBufferHardLimit = writeBufferHardLimit;
            return this;
        }

        /**
         * Sets whether the server name is sent as SNI.
         *
         * @param serverNameIndication {@code true} (the default) to send it
         * @return this builder
         */
        public Builder serverNameIndication(boolean serverNameIndication) {
            this.serverNameIndication = serverNameIndication;
            return this;
        }

        /**
         * Sets the TLS protocol versions to enable.
         *
         * @param tlsProtocols protocol names such as {@code TLSv1.3}; empty (the default) for the context's
         * @return this builder
         */
        public Builder tlsProtocols(List<String> tlsProtocols) {
            this.tlsProtocols = tlsProtocols;
            return this;
        }

        /**
         * Sets the TLS cipher suites to enable.
         *
         * @param tlsCipherSuites suite names (JDK/IANA); empty (the default) for the context's
         * @return this builder
         */
        public Builder tlsCipherSuites(List<String> tlsCipherSuites) {
            this.tlsCipherSuites = tlsCipherSuites;
            return this;
        }

        /**
         * Adds a socket option set after the named ones (replacing an earlier value of the same option).
         *
         * @param option the option
         * @param value its value, of the option's type
         * @param <T> the option's type
         * @return this builder
         */
        public <T> Builder socketOption(SocketOption<T> option, T value) {
            socketOptions.put(Objects.requireNonNull(option, "option"), value);
            return this;
        }

        /**
         * Replaces the further socket options.
         *
         * @param socketOptions options and values, set in the map's iteration order
         * @return this builder
         */
        public Builder socketOptions(Map<SocketOption<?>, Object> socketOptions) {
            this.socketOptions = new LinkedHashMap<>(socketOptions == null ? Map.of() : socketOptions);
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the immutable request
         * @throws IllegalArgumentException when a value is out of range
         */
        public StreamConnectRequest build() {
            return new StreamConnectRequest(
                    remoteAddress,
                    connectTimeout,
                    tcpNoDelay,
                    keepAlive,
                    sendBufferSize,
                    receiveBufferSize,
                    sslContext,
                    serverName,
                    verifyHostname,
                    writeBufferHighWatermark,
                    writeBufferHardLimit,
                    serverNameIndication,
                    tlsProtocols,
                    tlsCipherSuites,
                    socketOptions);
        }
    }
}
