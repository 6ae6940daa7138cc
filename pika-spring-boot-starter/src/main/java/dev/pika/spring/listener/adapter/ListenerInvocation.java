package dev.pika.spring.listener.adapter;

import dev.pika.spring.converter.MessageConversionException;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.ResolvableType;

/**
 * One call of a listener (or recover) method: the delivery and what is derived from it once, the
 * converted payload and the header map. Confined to the worker thread that runs the call.
 */
final class ListenerInvocation {

    final PikaDelivery delivery;
    final Acknowledgement acknowledgement;
    final Throwable failure;
    final MessageConverter converter;
    final String listenerId;
    private Object converted;
    private boolean hasConverted;
    private Map<String, Object> headers;

    ListenerInvocation(
            PikaDelivery delivery,
            Acknowledgement acknowledgement,
            Throwable failure,
            MessageConverter converter,
            String listenerId) {
        this.delivery = delivery;
        this.acknowledgement = acknowledgement;
        this.failure = failure;
        this.converter = converter;
        this.listenerId = listenerId;
    }

    /** Records a payload converted while choosing a handler, so the handler does not convert it again. */
    void preconverted(Object payload) {
        this.converted = payload;
        this.hasConverted = true;
    }

    /**
     * The body converted to the type.
     *
     * @throws UnresolvableArgumentException when the converter cannot
     */
    Object payload(Type type) {
        if (hasConverted && converted != null && type instanceof Class<?> raw && raw.isInstance(converted)) {
            return converted;
        }
        try {
            Object value = converter.fromMessage(delivery.message(), type);
            converted = value;
            hasConverted = true;
            return value;
        } catch (MessageConversionException | IllegalArgumentException e) {
            throw new UnresolvableArgumentException(
                    "Listener '" + listenerId + "' cannot convert " + delivery + " (content-type "
                            + delivery.properties().contentType() + ") to "
                            + ResolvableType.forType(type) + ": " + e.getMessage()
                            + "; the message is rejected without retry",
                    e);
        }
    }

    Map<String, Object> headers() {
        if (headers == null) {
            headers = PikaHeaders.all(delivery);
        }
        return headers;
    }
}
