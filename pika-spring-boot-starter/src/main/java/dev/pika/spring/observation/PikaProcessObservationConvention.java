package dev.pika.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The naming of process observations. Define a bean of this type to replace {@link
 * DefaultPikaProcessObservationConvention} (or extend it to add key values).
 *
 * <p>Implementations are called from every worker thread: thread-safe and stateless.
 */
public interface PikaProcessObservationConvention extends ObservationConvention<PikaProcessObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PikaProcessObservationContext;
    }

    @Override
    default String getName() {
        return "pika.process";
    }
}
