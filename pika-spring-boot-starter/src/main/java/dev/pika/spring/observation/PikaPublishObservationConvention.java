package dev.pika.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The naming of publish observations. Define a bean of this type to replace {@link
 * DefaultPikaPublishObservationConvention} (or extend it to add key values).
 *
 * <p>Implementations are called from every sending thread: thread-safe and stateless.
 */
public interface PikaPublishObservationConvention extends ObservationConvention<PikaPublishObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PikaPublishObservationContext;
    }

    @Override
    default String getName() {
        return "pika.publish";
    }
}
