package dev.pika.spring.observation;

import dev.pika.spring.core.PublishInterceptor;
import dev.pika.spring.core.PublishRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Observes each {@code PikaTemplate} send ({@code pika.publish}): started on the sending thread (a
 * child of the observation current there, e.g. an HTTP request), with its scope open while the send
 * is handed over, stopped when the send completes (the broker's confirm, or the failure, recorded as
 * the observation's error). The trace context the handlers propagate is added to the message's
 * headers.
 *
 * <p>Thread-safe: one instance serves every sending thread.
 */
public class PikaPublishObservationInterceptor implements PublishInterceptor {

    private final ObservationRegistry registry;
    private final PikaPublishObservationConvention convention;

    /**
     * Creates the interceptor.
     *
     * @param registry the registry
     * @param convention the application's convention, or {@code null} for {@link
     *     DefaultPikaPublishObservationConvention}
     */
    public PikaPublishObservationInterceptor(
            ObservationRegistry registry, PikaPublishObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
    }

    @Override
    public CompletableFuture<Void> intercept(PublishRequest request, Chain next) {
        PikaPublishObservationContext context = new PikaPublishObservationContext(request);
        Observation observation = PikaObservationDocumentation.PUBLISH
                .observation(convention, DefaultPikaPublishObservationConvention.INSTANCE, () -> context, registry)
                .start();
        CompletableFuture<Void> result;
        Observation.Scope scope = observation.openScope();
        try {
            result = next.publish(request.withProperties(context.propertiesToSend()));
        } catch (RuntimeException | Error e) {
            scope.close();
            observation.error(e);
            observation.stop();
            throw e;
        }
        scope.close();
        result.whenComplete((ok, error) -> {
            if (error != null) {
                observation.error(
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
            observation.stop();
        });
        return result;
    }

    @Override
    public String toString() {
        return "PikaPublishObservationInterceptor[" + (convention == null ? "default convention" : convention) + "]";
    }
}
