package dev.pika.spring.actuate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import dev.pika.spring.core.ConfirmTimeoutException;
import dev.pika.spring.core.PublishRequest;
import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The listener timer and the publish-confirm timer. */
class PikaListenerAndPublishMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theListenerTimerIsTaggedWithListenerQueueResultAndException() {
        PikaListenerMetrics metrics = new PikaListenerMetrics(new PikaMeterNames("pika"));
        metrics.bindTo(registry);

        metrics.start(invocation()).success();
        metrics.start(invocation()).success();
        metrics.start(invocation()).failure(new IllegalStateException("boom"));

        Timer success = registry.get("pika.listener")
                .tags("listener.id", "orders", "queue", "orders.q", "result", "success", "exception", "none")
                .timer();
        Timer failure = registry.get("pika.listener")
                .tags("result", "failure", "exception", "IllegalStateException")
                .timer();
        assertThat(success.count()).isEqualTo(2);
        assertThat(failure.count()).isEqualTo(1);
    }

    @Test
    void theListenerTimerWorksThroughTheCompositeObserver() {
        PikaListenerMetrics metrics = new PikaListenerMetrics(new PikaMeterNames("pika"));
        metrics.bindTo(registry);
        PikaListenerInvocationObserver broken = invocation -> {
            throw new IllegalStateException("broken observer");
        };
        PikaListenerInvocationObserver composite =
                PikaListenerInvocationObserver.composite(java.util.List.of(broken, metrics));

        composite.start(invocation()).success();

        assertThat(registry.get("pika.listener").timer().count())
                .as("a failing observer does not keep the others from running")
                .isEqualTo(1);
    }

    @Test
    void thePublishConfirmTimerTagsEachOutcome() {
        PikaPublishMetrics metrics = new PikaPublishMetrics(new PikaMeterNames("pika"));
        metrics.bindTo(registry);

        metrics.intercept(request(true), r -> CompletableFuture.completedFuture(null));
        metrics.intercept(request(true), r -> CompletableFuture.failedFuture(new NackException(java.util.List.of())));
        metrics.intercept(
                request(true), r -> CompletableFuture.failedFuture(new UnroutableException(java.util.List.of())));
        metrics.intercept(
                request(true),
                r -> CompletableFuture.failedFuture(new ConfirmTimeoutException("", "q", Duration.ofSeconds(1))));
        metrics.intercept(request(true), r -> CompletableFuture.failedFuture(new IllegalStateException("lost")));
        CompletableFuture<Void> pending = new CompletableFuture<>();
        CompletableFuture<Void> returned = metrics.intercept(request(true), r -> pending);

        for (String result : new String[] {"acked", "nacked", "returned", "timeout", "failed"}) {
            assertThat(registry.get("pika.publish.confirm")
                            .tags("connection", "app", "result", result)
                            .timer()
                            .count())
                    .as(result)
                    .isEqualTo(1);
        }
        assertThat(returned)
                .as("the interceptor hands back the send's own future")
                .isSameAs(pending);
        pending.complete(null);
        assertThat(registry.get("pika.publish.confirm")
                        .tag("result", "acked")
                        .timer()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void sendsWithoutConfirmsAreNotTimed() {
        PikaPublishMetrics metrics = new PikaPublishMetrics(new PikaMeterNames("pika"));
        metrics.bindTo(registry);

        metrics.intercept(request(false), r -> CompletableFuture.completedFuture(null));

        assertThat(registry.find("pika.publish.confirm").timers()).isEmpty();
    }

    private static PublishRequest request(boolean confirms) {
        return new PublishRequest("app", "", "q", new byte[1], null, confirms);
    }

    private static PikaListenerInvocation invocation() {
        return new PikaListenerInvocation(
                "orders",
                "orders.q",
                "app",
                new Basic.Deliver("ctag", 1, false, "", "orders.q"),
                BasicProperties.EMPTY,
                3);
    }
}
