package dev.pika.spring.observation;

import dev.pika.BasicProperties;
import dev.pika.frame.FieldValue;
import dev.pika.spring.listener.observation.PikaListenerInvocation;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The context of a process observation: one delivery processed by a listener. Its carrier is the
 * message's properties: the tracing handlers read the trace context from its headers, so the
 * processing joins the publisher's trace.
 *
 * <p>Not thread-safe: created, started and stopped on the worker thread that processes the delivery.
 */
public class PikaProcessObservationContext extends ReceiverContext<BasicProperties> {

    private final PikaListenerInvocation invocation;

    /**
     * Creates the context of one delivery.
     *
     * @param invocation the delivery and its listener
     */
    public PikaProcessObservationContext(PikaListenerInvocation invocation) {
        super(PikaProcessObservationContext::header);
        this.invocation = Objects.requireNonNull(invocation, "invocation must not be null");
        setCarrier(invocation.properties());
        setRemoteServiceName("rabbitmq");
    }

    /**
     * A header as text, for the tracing handlers.
     *
     * @param properties the message's properties
     * @param key the header name
     * @return its value as a string, or {@code null} when absent
     */
    static String header(BasicProperties properties, String key) {
        Map<String, Object> headers = properties == null ? null : properties.headers();
        Object value = headers == null ? null : headers.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof FieldValue.LongString longString) {
            return new String(longString.bytes(), StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    /**
     * The delivery and its listener.
     *
     * @return the invocation
     */
    public PikaListenerInvocation getInvocation() {
        return invocation;
    }

    /**
     * The listener id.
     *
     * @return the id
     */
    public String getListenerId() {
        return invocation.listenerId();
    }

    /**
     * The queue the delivery came from.
     *
     * @return the queue
     */
    public String getQueue() {
        return invocation.queue();
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String getConnectionName() {
        return invocation.connectionName();
    }
}
