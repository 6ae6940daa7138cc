package dev.pika.spring.listener.retry;

import dev.pika.BasicProperties;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link MessageRecoverer} that publishes the failed message to an error exchange, with the failure in
 * its headers, and returns so that the container acks the original. It works on every broker (Qpid
 * Broker-J ignores dead-letter arguments). Headers added to the original ones:
 *
 * <ul>
 *   <li>{@value #EXCEPTION_MESSAGE}: the failure's message (its class name when it has none);
 *   <li>{@value #EXCEPTION_STACKTRACE}: its stack trace, cut to {@link #setMaxStackTraceLength} characters;
 *   <li>{@value #ORIGINAL_EXCHANGE}, {@value #ORIGINAL_ROUTING_KEY}, {@value #ORIGINAL_QUEUE}: where the
 *       message came from;
 *   <li>{@value #LISTENER_ID}: the listener that failed.
 * </ul>
 *
 * <p>The publish waits for the broker's confirm (with {@code pika.publisher.confirms}) up to the publish
 * timeout. When it fails, the exception propagates: the container logs it and rejects the original
 * without requeue (its dead-letter exchange, if any, takes it) rather than looping on it.
 *
 * <p>Thread-safe once configured (the setters are for configuration time).
 */
public class RepublishMessageRecoverer implements MessageRecoverer {

    /** Header with the failure's message. */
    public static final String EXCEPTION_MESSAGE = "x-exception-message";

    /** Header with the failure's stack trace. */
    public static final String EXCEPTION_STACKTRACE = "x-exception-stacktrace";

    /** Header with the exchange the message was published to. */
    public static final String ORIGINAL_EXCHANGE = "x-original-exchange";

    /** Header with the routing key the message was published with. */
    public static final String ORIGINAL_ROUTING_KEY = "x-original-routing-key";

    /** Header with the queue the listener consumed it from. */
    public static final String ORIGINAL_QUEUE = "x-original-queue";

    /** Header with the listener's id. */
    public static final String LISTENER_ID = "x-listener-id";

    /** Default bound of the stack-trace header: {@value} characters. */
    public static final int DEFAULT_MAX_STACK_TRACE_LENGTH = 8192;

    private static final Log LOG = LogFactory.getLog(RepublishMessageRecoverer.class);

    private final PikaTemplate template;
    private final String errorExchange;
    private final String errorRoutingKey;
    private volatile int maxStackTraceLength = DEFAULT_MAX_STACK_TRACE_LENGTH;
    private volatile Duration publishTimeout = Duration.ofSeconds(30);

    /**
     * Creates the recoverer.
     *
     * @param template publishes the message
     * @param errorExchange the exchange to publish to ({@code ""} for the default exchange)
     * @param errorRoutingKey the routing key, or {@code null} to keep the message's own
     */
    public RepublishMessageRecoverer(PikaTemplate template, String errorExchange, String errorRoutingKey) {
        this.template = Objects.requireNonNull(template, "template must not be null");
        this.errorExchange =
                Objects.requireNonNull(errorExchange, "errorExchange must not be null (\"\" is the default exchange)");
        this.errorRoutingKey = errorRoutingKey;
    }

    /** @param length the most characters of the stack-trace header, at least 100 */
    public void setMaxStackTraceLength(int length) {
        if (length < 100) {
            throw new IllegalArgumentException("maxStackTraceLength must be at least 100, but was " + length);
        }
        this.maxStackTraceLength = length;
    }

    /** @param timeout how long to wait for the republished message's confirm; positive */
    public void setPublishTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, but was " + timeout);
        }
        this.publishTimeout = timeout;
    }

    @Override
    public void recover(PikaDelivery delivery, String listenerId, Throwable cause) {
        BasicProperties original = delivery.properties();
        Map<String, Object> headers = new LinkedHashMap<>();
        if (original.headers() != null) {
            headers.putAll(original.headers());
        }
        headers.put(
                EXCEPTION_MESSAGE,
                cause.getMessage() != null
                        ? cause.getMessage()
                        : cause.getClass().getName());
        headers.put(EXCEPTION_STACKTRACE, stackTrace(cause));
        headers.put(ORIGINAL_EXCHANGE, delivery.deliver().exchange());
        headers.put(ORIGINAL_ROUTING_KEY, delivery.deliver().routingKey());
        headers.put(ORIGINAL_QUEUE, delivery.queue());
        headers.put(LISTENER_ID, listenerId);
        BasicProperties properties = original.toBuilder().headers(headers).build();
        String routingKey =
                errorRoutingKey != null ? errorRoutingKey : delivery.deliver().routingKey();
        template.sendAndWait(errorExchange, routingKey, delivery.body(), properties, publishTimeout);
        LOG.warn("Listener '" + listenerId + "' failed for good on " + delivery + "; republished to exchange '"
                + errorExchange + "' with routing key '" + routingKey + "': " + cause);
    }

    private String stackTrace(Throwable cause) {
        StringWriter out = new StringWriter();
        cause.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        int max = maxStackTraceLength;
        return trace.length() <= max ? trace : trace.substring(0, max - 3) + "...";
    }

    @Override
    public String toString() {
        return "RepublishMessageRecoverer[exchange=" + errorExchange + ", routingKey=" + errorRoutingKey + "]";
    }
}
