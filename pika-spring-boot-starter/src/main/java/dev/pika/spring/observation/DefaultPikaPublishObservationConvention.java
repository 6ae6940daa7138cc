package dev.pika.spring.observation;

import dev.pika.BasicProperties;
import dev.pika.spring.observation.PikaObservationDocumentation.HighCardinalityKeys;
import dev.pika.spring.observation.PikaObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default naming of publish observations: name {@code pika.publish}, contextual name {@code
 * "<exchange> send"}; low-cardinality {@code messaging.system=rabbitmq}, {@code
 * messaging.operation=publish}, {@code messaging.destination.name=<exchange>} ({@code amq.default} for
 * the default exchange), {@code pika.connection}; high-cardinality the routing key, message id and
 * correlation id when set.
 *
 * <p>Stateless and thread-safe.
 */
public class DefaultPikaPublishObservationConvention implements PikaPublishObservationConvention {

    /** A shared instance. */
    public static final DefaultPikaPublishObservationConvention INSTANCE =
            new DefaultPikaPublishObservationConvention();

    /** The name of the default exchange in observations: {@value}. */
    public static final String DEFAULT_EXCHANGE = "amq.default";

    @Override
    public String getContextualName(PikaPublishObservationContext context) {
        return destination(context.getExchange()) + " send";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PikaPublishObservationContext context) {
        return KeyValues.of(
                LowCardinalityKeys.MESSAGING_SYSTEM.withValue("rabbitmq"),
                LowCardinalityKeys.MESSAGING_OPERATION.withValue("publish"),
                LowCardinalityKeys.MESSAGING_DESTINATION_NAME.withValue(destination(context.getExchange())),
                LowCardinalityKeys.CONNECTION.withValue(context.getConnectionName()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PikaPublishObservationContext context) {
        KeyValues values = KeyValues.of(HighCardinalityKeys.ROUTING_KEY.withValue(context.getRoutingKey()));
        BasicProperties properties = context.getProperties();
        if (properties != null && properties.messageId() != null) {
            values = values.and(HighCardinalityKeys.MESSAGE_ID.withValue(properties.messageId()));
        }
        if (properties != null && properties.correlationId() != null) {
            values = values.and(HighCardinalityKeys.CONVERSATION_ID.withValue(properties.correlationId()));
        }
        return values;
    }

    static String destination(String exchange) {
        return exchange == null || exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
    }
}
