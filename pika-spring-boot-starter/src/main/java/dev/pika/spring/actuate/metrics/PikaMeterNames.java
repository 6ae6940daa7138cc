package dev.pika.spring.actuate.metrics;

import java.util.Objects;

/**
 * The names of the pika meters under one prefix ({@code pika.metrics.prefix}, {@value #DEFAULT_PREFIX}
 * by default): {@code <prefix>.published}, {@code <prefix>.consumed}... Every meter of the starter is
 * named here, so that the documentation and the tests have one list.
 *
 * <p>Immutable and thread-safe.
 */
public final class PikaMeterNames {

    /** The default prefix: {@value}. */
    public static final String DEFAULT_PREFIX = "pika";

    /** Tag of every connection-level meter: the connection's name. */
    public static final String CONNECTION_TAG = "connection";

    /** Tag of the listener timer: the listener id. */
    public static final String LISTENER_ID_TAG = "listener.id";

    /** Tag of the listener timer: the queue. */
    public static final String QUEUE_TAG = "queue";

    /** Tag of the timers: the outcome. */
    public static final String RESULT_TAG = "result";

    /** Tag of the listener timer: the exception's simple class name, {@value #NONE} on success. */
    public static final String EXCEPTION_TAG = "exception";

    /** Value of {@link #EXCEPTION_TAG} on success: {@value}. */
    public static final String NONE = "none";

    private final String prefix;

    /**
     * Names under a prefix.
     *
     * @param prefix the prefix, without the separating dot, e.g. {@code pika} or {@code rabbitmq}
     */
    public PikaMeterNames(String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        if (prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith(".")) {
            throw new IllegalArgumentException("prefix must be a meter name part without a leading or trailing dot,"
                    + " e.g. pika, but was '" + prefix + "': set pika.metrics.prefix");
        }
        this.prefix = prefix;
    }

    /**
     * The prefix.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Gauge: 1 while the connection is open, else 0.
     *
     * @return {@code <prefix>.connections}
     */
    public String connections() {
        return name("connections");
    }

    /**
     * Gauge: the channels open on the connection.
     *
     * @return {@code <prefix>.channels}
     */
    public String channels() {
        return name("channels");
    }

    /**
     * Gauge: deliveries received by the connection's listeners and not yet settled.
     *
     * @return {@code <prefix>.deliveries.in.flight}
     */
    public String deliveriesInFlight() {
        return name("deliveries.in.flight");
    }

    /**
     * Gauge: deliveries waiting for a worker thread in the connection's listeners.
     *
     * @return {@code <prefix>.worker.queue}
     */
    public String workerQueue() {
        return name("worker.queue");
    }

    /**
     * Gauge: worker threads running listener code on the connection's listeners.
     *
     * @return {@code <prefix>.worker.active}
     */
    public String workerActive() {
        return name("worker.active");
    }

    /**
     * Counter: messages published ({@code Basic.Publish}).
     *
     * @return {@code <prefix>.published}
     */
    public String published() {
        return name("published");
    }

    /**
     * Counter: published messages the broker confirmed ({@code Basic.Ack} in confirm mode).
     *
     * @return {@code <prefix>.published.acked}
     */
    public String publishedAcked() {
        return name("published.acked");
    }

    /**
     * Counter: published messages the broker refused ({@code Basic.Nack} in confirm mode).
     *
     * @return {@code <prefix>.published.nacked}
     */
    public String publishedNacked() {
        return name("published.nacked");
    }

    /**
     * Counter: unroutable mandatory messages the broker returned ({@code Basic.Return}).
     *
     * @return {@code <prefix>.returned}
     */
    public String returned() {
        return name("returned");
    }

    /**
     * Counter: messages delivered to consumers or fetched ({@code Basic.Deliver}, {@code Basic.GetOk}).
     *
     * @return {@code <prefix>.consumed}
     */
    public String consumed() {
        return name("consumed");
    }

    /**
     * Counter: consumed messages that carried the redelivered flag.
     *
     * @return {@code <prefix>.redelivered}
     */
    public String redelivered() {
        return name("redelivered");
    }

    /**
     * Counter: deliveries the client acknowledged (a {@code multiple} ack counts every message).
     *
     * @return {@code <prefix>.acked}
     */
    public String acked() {
        return name("acked");
    }

    /**
     * Counter: deliveries the client negatively acknowledged ({@code Basic.Nack}).
     *
     * @return {@code <prefix>.nacked}
     */
    public String nacked() {
        return name("nacked");
    }

    /**
     * Counter: deliveries the client rejected ({@code Basic.Reject}).
     *
     * @return {@code <prefix>.rejected}
     */
    public String rejected() {
        return name("rejected");
    }

    /**
     * Counter: times the connection was re-established after a loss.
     *
     * @return {@code <prefix>.recoveries}
     */
    public String recoveries() {
        return name("recoveries");
    }

    /**
     * Counter: times the connection was closed because the broker missed its heartbeats.
     *
     * @return {@code <prefix>.heartbeat.timeouts}
     */
    public String heartbeatTimeouts() {
        return name("heartbeat.timeouts");
    }

    /**
     * Timer: one listener's processing of a delivery (tags {@code listener.id}, {@code queue}, {@code
     * result}, {@code exception}).
     *
     * @return {@code <prefix>.listener}
     */
    public String listener() {
        return name("listener");
    }

    /**
     * Timer: from a {@code PikaTemplate} send to the broker's confirm (tags {@code connection}, {@code
     * result}).
     *
     * @return {@code <prefix>.publish.confirm}
     */
    public String publishConfirm() {
        return name("publish.confirm");
    }

    private String name(String suffix) {
        return prefix + "." + suffix;
    }

    @Override
    public String toString() {
        return "PikaMeterNames[" + prefix + "]";
    }
}
