package dev.pika.spring.listener.container;

import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.listener.retry.MessageRecoverer;
import java.time.Duration;
import java.util.Objects;
import org.springframework.retry.support.RetryTemplate;

/**
 * Everything a {@link DefaultPikaListenerContainer} needs besides its endpoint and connection, resolved
 * by the factory from the endpoint's settings and the factory's defaults.
 *
 * <p>Immutable and thread-safe (the retry template, recoverer and observer are shared and thread-safe).
 *
 * @param concurrency worker threads, at least 1
 * @param prefetch {@code basic.qos} prefetch count per consumer; 0 for unlimited
 * @param ackMode the ack mode
 * @param autoStartup whether the registry starts the container with the context
 * @param retryTemplate the retry policy of the listener, or {@code null} for one attempt
 * @param recoverer what runs after the last failed attempt
 * @param observer called around each delivery
 * @param shutdownTimeout how long stop waits for the deliveries in progress
 * @param resubscribePolicy how the container subscribes again after a broker-side close or cancel
 * @param virtualThreads whether to run the listener on virtual threads (Java 21+)
 * @param ackHoldTime the longest time a settled delivery waits behind an unsettled one before its ack is
 *     sent on its own
 */
public record ContainerSettings(
        int concurrency,
        int prefetch,
        AckMode ackMode,
        boolean autoStartup,
        RetryTemplate retryTemplate,
        MessageRecoverer recoverer,
        PikaListenerInvocationObserver observer,
        Duration shutdownTimeout,
        ResubscribePolicy resubscribePolicy,
        boolean virtualThreads,
        Duration ackHoldTime) {

    /** Checks the components. */
    public ContainerSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, but was " + concurrency);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must not be negative, but was " + prefetch);
        }
        if (prefetch > 0 && prefetch < concurrency) {
            throw new IllegalArgumentException("prefetch (" + prefetch + ") is below concurrency (" + concurrency
                    + "): workers would sit idle; raise pika.listener.prefetch (or @PikaListener(prefetch)) to at least"
                    + " the concurrency, or use 0 for unlimited");
        }
        Objects.requireNonNull(ackMode, "ackMode must not be null");
        Objects.requireNonNull(recoverer, "recoverer must not be null");
        Objects.requireNonNull(observer, "observer must not be null");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "pika.listener.shutdown-timeout must not be negative, but was " + shutdownTimeout);
        }
        Objects.requireNonNull(resubscribePolicy, "resubscribePolicy must not be null");
        Objects.requireNonNull(ackHoldTime, "ackHoldTime must not be null");
    }
}
