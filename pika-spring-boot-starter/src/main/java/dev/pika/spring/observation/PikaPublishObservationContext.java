package dev.pika.spring.observation;

import dev.pika.BasicProperties;
import dev.pika.spring.core.PublishRequest;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The context of a publish observation: the message a {@code PikaTemplate} sends. Its carrier is a
 * mutable copy of the message's headers, into which the tracing handlers write the trace context
 * ({@code traceparent}, {@code b3}...); the template then sends the message with those headers.
 *
 * <p>Not thread-safe: created, started and filled on the sending thread; stopped on the I/O thread
 * after the outcome, with nothing else touching it in between (the observation's hand-over).
 */
public class PikaPublishObservationContext extends SenderContext<Map<String, Object>> {

    private final PublishRequest request;

    /**
     * Creates the context of one send.
     *
     * @param request the message about to be sent
     */
    public PikaPublishObservationContext(PublishRequest request) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        });
        this.request = Objects.requireNonNull(request, "request must not be null");
        Map<String, Object> headers =
                request.properties() == null ? null : request.properties().headers();
        setCarrier(headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers));
        setRemoteServiceName("rabbitmq");
    }

    /**
     * The message as given to the template (before trace headers were added).
     *
     * @return the request
     */
    public PublishRequest getRequest() {
        return request;
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String getConnectionName() {
        return request.connectionName();
    }

    /**
     * The exchange ({@code ""} for the default exchange).
     *
     * @return the exchange
     */
    public String getExchange() {
        return request.exchange();
    }

    /**
     * The routing key.
     *
     * @return the routing key
     */
    public String getRoutingKey() {
        return request.routingKey();
    }

    /**
     * The message's properties as given (without the trace headers).
     *
     * @return the properties, or {@code null}
     */
    public BasicProperties getProperties() {
        return request.properties();
    }

    /**
     * The properties to send: the given ones with the carrier's headers, or the given ones unchanged
     * when the handlers added nothing.
     *
     * @return the properties to publish, or {@code null} when none were given and none were added
     */
    BasicProperties propertiesToSend() {
        Map<String, Object> carrier = getCarrier();
        BasicProperties given = request.properties();
        Map<String, Object> original = given == null ? null : given.headers();
        if (carrier == null || carrier.equals(original == null ? Map.of() : original)) {
            return given;
        }
        BasicProperties.Builder builder = given == null ? BasicProperties.builder() : given.toBuilder();
        return builder.headers(carrier).build();
    }
}
