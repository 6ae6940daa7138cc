package dev.pika.spring.observation;

import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Observes each delivery a listener processes ({@code pika.process}): the trace context is read from
 * the message headers (the observation continues the publisher's trace), the observation's scope is
 * open on the worker thread while the listener runs (its logs and the messages it publishes carry the
 * trace), and the listener's failure is recorded as the observation's error.
 *
 * <p>Thread-safe: one instance serves every worker thread; each returned handle belongs to the thread
 * that started it.
 */
public class PikaProcessObservationObserver implements PikaListenerInvocationObserver {

    private final ObservationRegistry registry;
    private final PikaProcessObservationConvention convention;

    /**
     * Creates the observer.
     *
     * @param registry the registry
     * @param convention the application's convention, or {@code null} for {@link
     *     DefaultPikaProcessObservationConvention}
     */
    public PikaProcessObservationObserver(ObservationRegistry registry, PikaProcessObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
    }

    @Override
    public Invocation start(PikaListenerInvocation invocation) {
        PikaProcessObservationContext context = new PikaProcessObservationContext(invocation);
        Observation observation = PikaObservationDocumentation.PROCESS
                .observation(convention, DefaultPikaProcessObservationConvention.INSTANCE, () -> context, registry)
                .start();
        Observation.Scope scope = observation.openScope();
        return new Invocation() {
            @Override
            public void success() {
                scope.close();
                observation.stop();
            }

            @Override
            public void failure(Throwable error) {
                scope.close();
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            }
        };
    }

    @Override
    public String toString() {
        return "PikaProcessObservationObserver[" + (convention == null ? "default convention" : convention) + "]";
    }
}
