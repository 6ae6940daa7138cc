package dev.pika.spring.observation;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.observation.PikaObservationDocumentation.HighCardinalityKeys;
import dev.pika.spring.observation.PikaObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default naming of process observations: name {@code pika.process}, contextual name {@code
 * "<queue> process"}; low-cardinality {@code messaging.system=rabbitmq}, {@code
 * messaging.operation=process}, {@code messaging.destination.name=<queue>}, {@code pika.connection},
 * {@code pika.listener.id}; high-cardinality the routing key, exchange, delivery tag, redelivered flag,
 * message id and correlation id when set.
 *
 * <p>Stateless and thread-safe.
 */
public class DefaultPikaProcessObservationConvention implements PikaProcessObservationConvention {

    /** A shared instance. */
    public static final DefaultPikaProcessObservationConvention INSTANCE =
            new DefaultPikaProcessObservationConvention();

    @Override
    public String getContextualName(PikaProcessObservationContext context) {
        return context.getQueue() + " process";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PikaProcessObservationContext context) {
        return KeyValues.of(
                LowCardinalityKeys.MESSAGING_SYSTEM.withValue("rabbitmq"),
                LowCardinalityKeys.MESSAGING_OPERATION.withValue("process"),
                LowCardinalityKeys.MESSAGING_DESTINATION_NAME.withValue(context.getQueue()),
                LowCardinalityKeys.CONNECTION.withValue(context.getConnectionName()),
                LowCardinalityKeys.LISTENER_ID.withValue(context.getListenerId()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PikaProcessObservationContext context) {
        Basic.Deliver deliver = context.getInvocation().deliver();
        KeyValues values = KeyValues.of(
                HighCardinalityKeys.ROUTING_KEY.withValue(deliver.routingKey()),
                HighCardinalityKeys.EXCHANGE.withValue(
                        DefaultPikaPublishObservationConvention.destination(deliver.exchange())),
                HighCardinalityKeys.DELIVERY_TAG.withValue(Long.toString(deliver.deliveryTag())),
                HighCardinalityKeys.REDELIVERED.withValue(Boolean.toString(deliver.redelivered())));
        BasicProperties properties = context.getCarrier();
        if (properties != null && properties.messageId() != null) {
            values = values.and(HighCardinalityKeys.MESSAGE_ID.withValue(properties.messageId()));
        }
        if (properties != null && properties.correlationId() != null) {
            values = values.and(HighCardinalityKeys.CONVERSATION_ID.withValue(properties.correlationId()));
        }
        return values;
    }
}
