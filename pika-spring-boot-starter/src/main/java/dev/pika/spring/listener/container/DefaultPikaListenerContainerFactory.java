package dev.pika.spring.listener.container;

import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RejectAndDontRequeueRecoverer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.retry.support.RetryTemplate;

/**
 * The starter's {@link PikaListenerContainerFactory}: makes {@link DefaultPikaListenerContainer}s on one
 * {@link PikaConnection} (the auto-configured bean uses the connection factory's default connection),
 * filling what an endpoint leaves unset from its defaults (the auto-configured bean takes them from
 * {@code pika.listener.*}): concurrency, prefetch, ack mode, auto-startup, the retry template ({@code
 * null}: one attempt), the {@link MessageRecoverer} (default {@link RejectAndDontRequeueRecoverer}), the
 * shutdown timeout, the re-subscription policy, the invocation observer and the executor (virtual threads
 * when asked for and running on Java 21+).
 *
 * <p>Configure with the setters before the first {@link #createContainer}; afterwards the factory is
 * thread-safe (fields are volatile, each container copies what it needs when it is created).
 */
public class DefaultPikaListenerContainerFactory implements PikaListenerContainerFactory {

    /** The default of {@link #setAckHoldTime}: 50 ms. */
    public static final Duration DEFAULT_ACK_HOLD_TIME = Duration.ofMillis(50);

    private final Supplier<PikaConnection> connection;
    private volatile int concurrency = 1;
    private volatile int prefetch = 250;
    private volatile AckMode ackMode = AckMode.AUTO;
    private volatile boolean autoStartup = true;
    private volatile RetryTemplate retryTemplate;
    private volatile MessageRecoverer recoverer = new RejectAndDontRequeueRecoverer();
    private volatile Supplier<PikaListenerInvocationObserver> observer = () -> PikaListenerInvocationObserver.NOOP;
    private volatile Duration shutdownTimeout = Duration.ofSeconds(10);
    private volatile ResubscribePolicy resubscribePolicy = ResubscribePolicy.DEFAULT;
    private volatile boolean virtualThreads;
    private volatile Duration ackHoldTime = DEFAULT_ACK_HOLD_TIME;

    /**
     * Creates a factory.
     *
     * @param connection gives the connection the containers consume on (called once per container)
     */
    public DefaultPikaListenerContainerFactory(Supplier<PikaConnection> connection) {
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
    }

    @Override
    public DefaultPikaListenerContainer createContainer(PikaListenerEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        ContainerSettings settings;
        try {
            settings = new ContainerSettings(
                    endpoint.concurrency().orElse(concurrency),
                    endpoint.prefetch().orElse(prefetch),
                    endpoint.ackMode().orElse(ackMode),
                    endpoint.autoStartup().orElse(autoStartup),
                    endpoint.retryTemplate().orElse(retryTemplate),
                    endpoint.recoverer().orElse(recoverer),
                    Objects.requireNonNull(observer.get(), "observer"),
                    shutdownTimeout,
                    resubscribePolicy,
                    virtualThreads,
                    ackHoldTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "listener '" + endpoint.id() + "' (" + endpoint.description() + "): " + e.getMessage(), e);
        }
        PikaConnection target = Objects.requireNonNull(connection.get(), "the connection supplier returned null");
        return new DefaultPikaListenerContainer(endpoint, target, settings);
    }

    /** @param concurrency default worker threads per listener, at least 1 */
    public void setConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("pika.listener.concurrency must be at least 1, but was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** @param prefetch default {@code basic.qos} prefetch; 0 for unlimited */
    public void setPrefetch(int prefetch) {
        if (prefetch < 0) {
            throw new IllegalArgumentException("pika.listener.prefetch must not be negative, but was " + prefetch);
        }
        this.prefetch = prefetch;
    }

    /** @param ackMode the default ack mode */
    public void setAckMode(AckMode ackMode) {
        this.ackMode = Objects.requireNonNull(ackMode, "ackMode must not be null");
    }

    /** @param autoStartup whether containers start with the context by default */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** @param retryTemplate the default retry policy, or {@code null} for one attempt */
    public void setRetryTemplate(RetryTemplate retryTemplate) {
        this.retryTemplate = retryTemplate;
    }

    /** @param recoverer what runs after the last failed attempt by default */
    public void setRecoverer(MessageRecoverer recoverer) {
        this.recoverer = Objects.requireNonNull(recoverer, "recoverer must not be null");
    }

    /**
     * Sets where the invocation observer comes from: called once per container created (the
     * auto-configuration combines every {@code PikaListenerInvocationObserver} bean in {@code @Order}).
     *
     * @param observer the supplier
     */
    public void setObserver(Supplier<PikaListenerInvocationObserver> observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
    }

    /** @param shutdownTimeout how long stop waits for deliveries in progress; zero or positive */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "pika.listener.shutdown-timeout must not be negative, but was " + shutdownTimeout);
        }
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @param resubscribePolicy how containers subscribe again after a broker-side close or cancel */
    public void setResubscribePolicy(ResubscribePolicy resubscribePolicy) {
        this.resubscribePolicy = Objects.requireNonNull(resubscribePolicy, "resubscribePolicy must not be null");
    }

    /**
     * Runs the listeners on virtual threads ({@code spring.threads.virtual.enabled=true}); ignored before
     * Java 21.
     *
     * @param virtualThreads whether to
     */
    public void setVirtualThreads(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }

    /**
     * Sets the longest time a settled delivery's ack waits behind an unsettled earlier delivery (so that it
     * can join a {@code multiple} ack) before it is sent on its own.
     *
     * @param ackHoldTime positive
     */
    public void setAckHoldTime(Duration ackHoldTime) {
        Objects.requireNonNull(ackHoldTime, "ackHoldTime must not be null");
        if (ackHoldTime.isNegative() || ackHoldTime.isZero()) {
            throw new IllegalArgumentException("ackHoldTime must be positive, but was " + ackHoldTime);
        }
        this.ackHoldTime = ackHoldTime;
    }

    /** @return whether containers run on virtual threads (asked for and supported by this JVM) */
    public boolean isUsingVirtualThreads() {
        return virtualThreads && VirtualThreads.isSupported();
    }
}
