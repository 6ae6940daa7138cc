package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.channel.GetResult;
import dev.pika.spec.Basic;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 8: observations against a real broker, with a {@link TestObservationRegistry} and a propagating
 * handler standing in for a tracer. A {@code PikaTemplate} send is observed as {@code pika.publish} and
 * carries the trace context in its headers to the broker and back; processing the received message
 * through the listener containers' observers ({@code pika.process}) reads that context from the headers,
 * records the listener's failure, and the invocation is timed by {@code pika.listener}.
 */
@PikaIntegrationTest
class ObservationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRACE_HEADER = "traceparent";

    @Test
    void publishAndProcessAreObservedAndTheTraceTravelsInTheHeaders(TestBroker broker) throws Exception {
        String name = broker.name("observed");
        Topology.queue = broker.name("observed-q");
        try (SelectClient reader = new SelectClient(broker.uri())) {
            ObservabilityContexts.runner()
                    .withUserConfiguration(Topology.class)
                    .withPropertyValues("pika.url=" + broker.uri(), "pika.connection-name=" + name)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                        Propagation propagation = context.getBean(Propagation.class);
                        PikaTemplate template = context.getBean(PikaTemplate.class);

                        BasicProperties properties = BasicProperties.builder()
                                .messageId("order-1")
                                .header("tenant", "acme")
                                .build();
                        assertThat(template.send(
                                        "", Topology.queue, "hello".getBytes(StandardCharsets.UTF_8), properties))
                                .succeedsWithin(WAIT);

                        TestObservationRegistryAssert.assertThat(registry)
                                .hasObservationWithNameEqualTo("pika.publish")
                                .that()
                                .hasContextualNameEqualTo("amq.default send")
                                .hasLowCardinalityKeyValue("messaging.system", "rabbitmq")
                                .hasLowCardinalityKeyValue("messaging.operation", "publish")
                                .hasLowCardinalityKeyValue("messaging.destination.name", "amq.default")
                                .hasLowCardinalityKeyValue("pika.connection", name)
                                .hasHighCardinalityKeyValue(
                                        "messaging.rabbitmq.destination.routing_key", Topology.queue)
                                .hasHighCardinalityKeyValue("messaging.message.id", "order-1")
                                .hasBeenStarted()
                                .hasBeenStopped();
                        String sent = propagation.injected.get("publish");
                        assertThat(sent).isNotNull();

                        GetResult received = reader.get(Topology.queue);
                        assertThat(received.isEmpty()).isFalse();
                        assertThat(received.properties().headers())
                                .as("the trace context travelled with the message; the application's header stays")
                                .containsEntry(TRACE_HEADER, sent)
                                .containsEntry("tenant", "acme");

                        PikaListenerInvocationObserver observers = PikaListenerInvocationObserver.composite(
                                context.getBeanProvider(PikaListenerInvocationObserver.class)
                                        .orderedStream()
                                        .toList());
                        Basic.GetOk getOk = received.method();
                        PikaListenerInvocation invocation = new PikaListenerInvocation(
                                "orders",
                                Topology.queue,
                                name,
                                new Basic.Deliver(
                                        "ctag",
                                        getOk.deliveryTag(),
                                        getOk.redelivered(),
                                        getOk.exchange(),
                                        getOk.routingKey()),
                                received.properties(),
                                received.body().length);
                        PikaListenerInvocationObserver.Invocation running = observers.start(invocation);
                        assertThat(registry.getCurrentObservation())
                                .as("the process observation is current while the listener runs")
                                .isNotNull();
                        running.failure(new IllegalStateException("listener failed"));

                        assertThat(propagation.extracted).containsEntry("process", sent);
                        TestObservationRegistryAssert.assertThat(registry)
                                .hasObservationWithNameEqualTo("pika.process")
                                .that()
                                .hasContextualNameEqualTo(Topology.queue + " process")
                                .hasLowCardinalityKeyValue("messaging.operation", "process")
                                .hasLowCardinalityKeyValue("messaging.destination.name", Topology.queue)
                                .hasLowCardinalityKeyValue("pika.listener.id", "orders")
                                .hasError()
                                .hasBeenStopped();
                        assertThat(registry.getCurrentObservation()).isNull();
                        assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                                        .get("pika.listener")
                                        .tags("listener.id", "orders", "result", "failure")
                                        .tag("exception", "IllegalStateException")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                    });
        }
    }

    /** Stands in for a tracer's propagating handlers: writes a trace header on send, reads it on receive. */
    static final class Propagation implements ObservationHandler<Observation.Context> {
        final Map<String, String> injected = new ConcurrentHashMap<>();
        final Map<String, String> extracted = new ConcurrentHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public void onStart(Observation.Context context) {
            if (context instanceof SenderContext<?> sender) {
                String value = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
                ((SenderContext<Object>) sender).getSetter().set(sender.getCarrier(), TRACE_HEADER, value);
                injected.put("publish", value);
            } else if (context instanceof ReceiverContext<?> receiver) {
                String value =
                        ((ReceiverContext<Object>) receiver).getGetter().get(receiver.getCarrier(), TRACE_HEADER);
                extracted.put("process", value);
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Topology {
        static volatile String queue;

        @Bean
        Queue observedQueue() {
            return Queue.nonDurable(queue).build();
        }

        @Bean
        Propagation propagation() {
            return new Propagation();
        }

        @Bean
        TestObservationRegistry observationRegistry(Propagation propagation) {
            TestObservationRegistry registry = TestObservationRegistry.create();
            registry.observationConfig().observationHandler(propagation);
            return registry;
        }
    }
}
