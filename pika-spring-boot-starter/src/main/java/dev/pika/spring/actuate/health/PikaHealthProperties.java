package dev.pika.spring.actuate.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code pika} health contributor under {@code management.health.pika.*}
 * ({@code management.health.pika.enabled} is Spring Boot's switch of every contributor).
 *
 * <p>A mutable JavaBean bound once at start-up; read-only afterwards. Not thread-safe while being
 * bound.
 */
@ConfigurationProperties("management.health.pika")
public class PikaHealthProperties {

    /** Default of {@link #getTimeout()}: 2 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Status reported while a connection is being opened or recovered, or a listener is subscribing
     * again: DOWN (the default, so that load balancers stop sending traffic) or OUT_OF_SERVICE.
     */
    private RecoveringStatus recoveringStatus = RecoveringStatus.DOWN;

    /**
     * Longest time a health check may take. The connection states are snapshots read at once; the
     * listener states are read within this time, else the check reports them unknown and DOWN.
     */
    private Duration timeout = DEFAULT_TIMEOUT;

    public RecoveringStatus getRecoveringStatus() {
        return recoveringStatus;
    }

    public void setRecoveringStatus(RecoveringStatus recoveringStatus) {
        this.recoveringStatus = recoveringStatus;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** The statuses a recovering connection may be reported with. An enum: immutable and thread-safe. */
    public enum RecoveringStatus {

        /** Report recovering connections and listeners as DOWN. */
        DOWN,

        /** Report recovering connections and listeners as OUT_OF_SERVICE. */
        OUT_OF_SERVICE
    }
}
