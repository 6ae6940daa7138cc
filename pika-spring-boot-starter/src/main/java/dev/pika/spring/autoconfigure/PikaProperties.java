package dev.pika.spring.autoconfigure;

import dev.pika.spring.listener.AckMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of pika-java under {@code pika.*}: where the broker is, how to talk to it, and how
 * the starter's publisher, listeners and recovery behave.
 *
 * <p>Where the broker is, in order of precedence (as Spring Boot's {@code spring.rabbitmq.*}):
 *
 * <ol>
 *   <li>{@code pika.url} (one AMQP URL, Pika's {@code URLParameters}) or {@code pika.addresses}
 *       (several {@code host[:port]} entries or URLs, tried in order or shuffled), never both. A URL's
 *       host and port win over {@code pika.host} and {@code pika.port}; its user, password and virtual
 *       host, when present, win over {@code pika.username}, {@code pika.password} and {@code
 *       pika.virtual-host}. Settings in a URL's query ({@code ?heartbeat=30}...) apply too; giving the
 *       same setting a different value as a property is an error.
 *   <li>{@code pika.host} and {@code pika.port}.
 * </ol>
 *
 * <p>A {@code PikaConnectionDetails} bean (a Testcontainers {@code @ServiceConnection}, the embedded
 * broker, or the application's own) replaces the address, credentials and virtual host given here;
 * the other settings still apply.
 *
 * <p>Settings left unset take Pika's defaults (see {@code dev.pika.ConnectionParameters}). Invalid
 * values and combinations fail at start-up with an {@link InvalidPikaPropertiesException} that names
 * each property and the fix.
 *
 * <p>A mutable JavaBean bound once by Spring Boot at start-up; treat it as read-only afterwards. Not
 * thread-safe while being bound.
 */
@ConfigurationProperties("pika")
public class PikaProperties implements InitializingBean {

    /** The prefix of every property: {@value}. */
    public static final String PREFIX = "pika";

    /**
     * AMQP URL of the broker, such as amqps://user:secret@rabbit.example.com/%2F?heartbeat=30, with
     * Pika's query parameters. When set, the host and port are ignored.
     */
    private String url;

    /**
     * Comma-separated list of brokers, each host[:port] or an AMQP URL, tried in order. When set,
     * the host and port are ignored.
     */
    private List<String> addresses = new ArrayList<>();

    /** Whether to shuffle the addresses before each connection attempt, spreading clients over a cluster. */
    private boolean shuffleAddresses = false;

    /** Broker host. Ignored if a URL or addresses are set. */
    private String host = "localhost";

    /** Broker port. Ignored if a URL or addresses are set. When not set, 5672, or 5671 with TLS. */
    private Integer port;

    /** Virtual host to open. A URL's virtual host takes precedence. */
    private String virtualHost = "/";

    /** Login user. A URL's user takes precedence. */
    private String username = "guest";

    /** Login password. A URL's password takes precedence. */
    private String password = "guest";

    /**
     * Heartbeat timeout to request; zero turns heartbeats off. When not set, the broker's proposal is
     * accepted. If a duration suffix is not specified, seconds will be used.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration heartbeat;

    /** TCP connect timeout (Pika's socket timeout). Zero waits forever. When not set, 10 seconds. */
    private Duration connectionTimeout;

    /**
     * How long the connection may stay blocked by the broker (memory or disk alarm) before it is
     * closed. When not set, it waits forever.
     */
    private Duration blockedConnectionTimeout;

    /** Highest channel number to request; the lower of this and the broker's limit is used. */
    private Integer channelMax;

    /** Largest frame to request, in bytes; the lower of this and the broker's limit is used. */
    private Integer frameMax;

    /** Largest message body accepted from the broker; a bigger one closes the connection. */
    private DataSize maxInboundMessageBodySize;

    /**
     * Connection name shown by the broker's management UI, logs and metrics. When not set, the
     * spring.application.name.
     */
    private String connectionName;

    /** Client properties sent to the broker, merged over pika-java's own. */
    private Map<String, String> clientProperties = new LinkedHashMap<>();

    private final Ssl ssl = new Ssl();

    private final Recovery recovery = new Recovery();

    private final Publisher publisher = new Publisher();

    private final Listener listener = new Listener();

    private final Declarations declarations = new Declarations();

    private final Embedded embedded = new Embedded();

    private final Metrics metrics = new Metrics();

    private final Observation observation = new Observation();

    /**
     * Checks the properties against their ranges and against each other, once bound.
     *
     * @throws InvalidPikaPropertiesException listing every invalid property with its fix
     */
    @Override
    public void afterPropertiesSet() {
        PikaPropertiesValidator.validate(this);
    }

    /** Whether the broker is given by {@code pika.url} or {@code pika.addresses}. */
    public boolean hasUrlOrAddresses() {
        return (url != null && !url.isBlank()) || !addresses.isEmpty();
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getAddresses() {
        return addresses;
    }

    public void setAddresses(List<String> addresses) {
        this.addresses = addresses == null ? new ArrayList<>() : new ArrayList<>(addresses);
    }

    public boolean isShuffleAddresses() {
        return shuffleAddresses;
    }

    public void setShuffleAddresses(boolean shuffleAddresses) {
        this.shuffleAddresses = shuffleAddresses;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getVirtualHost() {
        return virtualHost;
    }

    public void setVirtualHost(String virtualHost) {
        this.virtualHost = virtualHost;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getBlockedConnectionTimeout() {
        return blockedConnectionTimeout;
    }

    public void setBlockedConnectionTimeout(Duration blockedConnectionTimeout) {
        this.blockedConnectionTimeout = blockedConnectionTimeout;
    }

    public Integer getChannelMax() {
        return channelMax;
    }

    public void setChannelMax(Integer channelMax) {
        this.channelMax = channelMax;
    }

    public Integer getFrameMax() {
        return frameMax;
    }

    public void setFrameMax(Integer frameMax) {
        this.frameMax = frameMax;
    }

    public DataSize getMaxInboundMessageBodySize() {
        return maxInboundMessageBodySize;
    }

    public void setMaxInboundMessageBodySize(DataSize maxInboundMessageBodySize) {
        this.maxInboundMessageBodySize = maxInboundMessageBodySize;
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    public Map<String, String> getClientProperties() {
        return clientProperties;
    }

    public void setClientProperties(Map<String, String> clientProperties) {
        this.clientProperties =
                clientProperties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(clientProperties);
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Recovery getRecovery() {
        return recovery;
    }

    public Publisher getPublisher() {
        return publisher;
    }

    public Listener getListener() {
        return listener;
    }

    public Declarations getDeclarations() {
        return declarations;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Observation getObservation() {
        return observation;
    }

    /** TLS: {@code pika.ssl.*}. Mutable, bound with its parent; not thread-safe while being bound. */
    public static class Ssl {

        /**
         * Whether to use TLS. When not set, TLS is on if a URL uses amqps:// or an SSL bundle is
         * named.
         */
        private Boolean enabled;

        /**
         * Name of the Spring SSL bundle (spring.ssl.bundle.*) holding the trust material and client
         * key. When not set, the JDK's default trust store is used.
         */
        private String bundle;

        /** Whether the broker's certificate must match its host name. */
        private boolean verifyHostname = true;

        /**
         * Whether TLS is wanted by these properties alone: {@code enabled} if set, else whether a
         * bundle is named.
         */
        public boolean determineEnabled() {
            return enabled != null ? enabled : bundle != null;
        }

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
    }

    /**
     * Automatic reconnection after a lost connection: {@code pika.recovery.*}. Mutable, bound with its
     * parent; not thread-safe while being bound.
     */
    public static class Recovery {

        /** Whether to reconnect, re-declare and re-subscribe automatically after a connection is lost. */
        private boolean enabled = true;

        /** Wait before the first reconnection attempt. */
        private Duration initialInterval = Duration.ofSeconds(1);

        /** Factor applied to the wait after each failed attempt. */
        private double multiplier = 2.0;

        /** Longest wait between two attempts. */
        private Duration maxInterval = Duration.ofSeconds(30);

        /** Attempts before recovery gives up and reports a failure; 0 tries forever. */
        private int maxAttempts = 0;

        /**
         * Random spread of each wait, as a fraction of it: 0.1 waits between 90% and 110% of the
         * interval. Listener containers subscribing again use the same spread.
         */
        private double jitter = 0.1;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /**
     * Publishing through PikaTemplate: {@code pika.publisher.*}. Mutable, bound with its parent; not
     * thread-safe while being bound.
     */
    public static class Publisher {

        /** Whether to use publisher confirms, so that each send completes when the broker has the message. */
        private boolean confirms = true;

        /** Whether to publish as mandatory, so that an unroutable message fails its send instead of vanishing. */
        private boolean mandatory = false;

        /** How long a send waits for the broker's confirm before its future fails with a ConfirmTimeoutException. */
        private Duration confirmTimeout = Duration.ofSeconds(30);

        /**
         * How long stopping the application waits for the sends in flight to be confirmed before failing
         * them; 0 fails them at once.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        public boolean isConfirms() {
            return confirms;
        }

        public void setConfirms(boolean confirms) {
            this.confirms = confirms;
        }

        public boolean isMandatory() {
            return mandatory;
        }

        public void setMandatory(boolean mandatory) {
            this.mandatory = mandatory;
        }

        public Duration getConfirmTimeout() {
            return confirmTimeout;
        }

        public void setConfirmTimeout(Duration confirmTimeout) {
            this.confirmTimeout = confirmTimeout;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }

    /**
     * Defaults of every @PikaListener container: {@code pika.listener.*}. Mutable, bound with its
     * parent; not thread-safe while being bound.
     */
    public static class Listener {

        /** Whether to start the listener containers with the application. */
        private boolean autoStartup = true;

        /** Worker threads per listener, running the listener methods. */
        private int concurrency = 1;

        /**
         * Unacknowledged messages the broker may deliver to each listener ahead of processing (basic.qos);
         * at least the concurrency.
         */
        private int prefetch = 250;

        /** How deliveries are acknowledged. */
        private AckMode ackMode = AckMode.AUTO;

        /** Whether a delivery whose listener failed goes back to the queue rather than to the dead-letter exchange. */
        private boolean defaultRequeueRejected = false;

        /** How long stopping a container waits for the messages in progress to finish and be acknowledged. */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private final Retry retry = new Retry();

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getPrefetch() {
            return prefetch;
        }

        public void setPrefetch(int prefetch) {
            this.prefetch = prefetch;
        }

        public AckMode getAckMode() {
            return ackMode;
        }

        public void setAckMode(AckMode ackMode) {
            this.ackMode = ackMode;
        }

        public boolean isDefaultRequeueRejected() {
            return defaultRequeueRejected;
        }

        public void setDefaultRequeueRejected(boolean defaultRequeueRejected) {
            this.defaultRequeueRejected = defaultRequeueRejected;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Retry getRetry() {
            return retry;
        }
    }

    /**
     * Retrying a failed listener method: {@code pika.listener.retry.*}. Mutable, bound with its
     * parent; not thread-safe while being bound.
     */
    public static class Retry {

        /** Whether to call a failed listener method again before giving up on the message. */
        private boolean enabled = false;

        /** Calls of the listener method per message, the first one included. */
        private int maxAttempts = 3;

        /** Wait before the second attempt. */
        private Duration initialInterval = Duration.ofSeconds(1);

        /** Factor applied to the wait after each failed attempt. */
        private double multiplier = 2.0;

        /** Longest wait between two attempts. */
        private Duration maxInterval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /**
     * Declaring the Queue, Exchange and Binding beans: {@code pika.declarations.*}. Mutable, bound with
     * its parent; not thread-safe while being bound.
     */
    public static class Declarations {

        /**
         * Whether a declaration the broker refuses when the application starts fails the start-up. After a
         * recovery, refusals are logged either way.
         */
        private boolean failFast = true;

        /** How long the declarations made when a connection opens, and each PikaAdmin call, may take. */
        private Duration timeout = Duration.ofSeconds(30);

        public boolean isFailFast() {
            return failFast;
        }

        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /**
     * The embedded broker (module pika-embedded-broker): {@code pika.embedded.*}. Mutable, bound with
     * its parent; not thread-safe while being bound.
     */
    public static class Embedded {

        /**
         * Whether to start an embedded AMQP broker (Apache Qpid Broker-J, in memory) inside the
         * application and connect to it. For demos and tests; needs pika-embedded-broker on the
         * classpath and excludes pika.url and pika.addresses.
         */
        private boolean enabled = false;

        /** Port of the embedded broker; 0 picks a free one. */
        private int port = 0;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /**
     * Micrometer meters (when Micrometer is on the classpath): {@code pika.metrics.*}. Mutable, bound
     * with its parent; not thread-safe while being bound.
     */
    public static class Metrics {

        /** Whether to register the pika meters (connections, channels, message counters, timers). */
        private boolean enabled = true;

        /**
         * First part of every meter name, such as pika.published. Set it to rabbitmq to keep the meter
         * names of dashboards made for the RabbitMQ Java client.
         */
        private String prefix = "pika";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * Micrometer observations of publish and process (when an ObservationRegistry bean is present):
     * {@code pika.observation.*}. Mutable, bound with its parent; not thread-safe while being bound.
     */
    public static class Observation {

        /**
         * Whether to observe each publish and each listener invocation and to carry the trace context
         * in the message headers.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
