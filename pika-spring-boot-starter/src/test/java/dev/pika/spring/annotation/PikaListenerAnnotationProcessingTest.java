package dev.pika.spring.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.autoconfigure.PikaAnnotationDrivenAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.core.Binding;
import dev.pika.spring.core.Declarable;
import dev.pika.spring.core.Declarables;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.adapter.PikaListenerErrorHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

/** {@code @PikaListener} attributes, ids, declarations, bean lookups and start-up errors, without a broker. */
class PikaListenerAnnotationProcessingTest {

    static final JacksonJsonMessageConverter JSON = new JacksonJsonMessageConverter();

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(PikaAutoConfiguration.class, PikaAnnotationDrivenAutoConfiguration.class))
                .withBean("pikaListenerRegistry", RecordingListenerRegistry.class, RecordingListenerRegistry::new);
    }

    static PikaDelivery delivery(Object payload, BasicProperties properties) {
        var message = JSON.toMessage(payload, properties);
        return new PikaDelivery(
                new Basic.Deliver("ctag", 1, false, "", "q"), message.properties(), message.body(), "q");
    }

    static RecordingListenerRegistry registry(org.springframework.context.ApplicationContext context) {
        return context.getBean(RecordingListenerRegistry.class);
    }

    static class Resolved {
        @PikaListener(
                queues = {"${app.queue}", "#{'second-' + '${app.suffix}'}", "#{{'third','fourth'}}"},
                concurrency = "${app.concurrency}",
                prefetch = "#{10 * 5}",
                ackMode = "manual",
                autoStartup = "${app.start:false}")
        void handle(String body, Acknowledgement acknowledgement) {}

        @PikaListener(id = "plain", queues = "plain-q")
        void plain(String body) {}
    }

    @Test
    void placeholdersAndSpelResolveEveryAttribute() {
        runner().withBean("resolved", Resolved.class)
                .withPropertyValues("app.queue=first", "app.suffix=x", "app.concurrency=4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PikaListenerEndpoint endpoint = registry(context).endpoint("resolved.handle");
                    assertThat(endpoint.queues()).containsExactly("first", "second-x", "third", "fourth");
                    assertThat(endpoint.concurrency()).contains(4);
                    assertThat(endpoint.prefetch()).contains(50);
                    assertThat(endpoint.ackMode()).contains(AckMode.MANUAL);
                    assertThat(endpoint.autoStartup()).contains(false);
                    assertThat(endpoint.description()).contains("Resolved.handle(String, Acknowledgement)");
                    PikaListenerEndpoint plain = registry(context).endpoint("plain");
                    assertThat(plain.concurrency())
                            .as("empty: the factory's default")
                            .isEmpty();
                    assertThat(plain.prefetch()).isEmpty();
                    assertThat(plain.ackMode()).isEmpty();
                    assertThat(plain.autoStartup()).isEmpty();
                    assertThat(plain.retryTemplate()).isEmpty();
                    assertThat(plain.recoverer()).isEmpty();
                    assertThat(registry(context).factories.get("plain"))
                            .as("the default factory")
                            .isNull();
                });
    }

    static class Repeated {
        @PikaListener(queues = "a")
        @PikaListener(queues = "b")
        void handle(String body) {}
    }

    @Test
    void defaultIdsAreBeanDotMethodAndRepeatedAnnotationsAreNumbered() {
        runner().withBean("repeated", Repeated.class).run(context -> {
            assertThat(registry(context).endpoints).containsOnlyKeys("repeated.handle", "repeated.handle#2");
            assertThat(registry(context).endpoint("repeated.handle").queues()).containsExactly("a");
            assertThat(registry(context).endpoint("repeated.handle#2").queues()).containsExactly("b");
        });
    }

    static class SameIdOne {
        @PikaListener(id = "orders", queues = "a")
        void one(String body) {}
    }

    static class SameIdTwo {
        @PikaListener(id = "orders", queues = "b")
        void two(String body) {}
    }

    @Test
    void aDuplicateIdFailsTheStartNamingBothListeners() {
        runner().withBean("first", SameIdOne.class)
                .withBean("second", SameIdTwo.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(invalid(context))
                            .isInstanceOf(InvalidPikaListenerException.class)
                            .hasMessageContaining("Listener id 'orders'")
                            .hasMessageContaining("SameIdOne.one(String)")
                            .hasMessageContaining("SameIdTwo.two(String)")
                            .hasMessageContaining("@PikaListener(id = ");
                });
    }

    static class BadConcurrency {
        @PikaListener(queues = "q", concurrency = "lots")
        void handle(String body) {}
    }

    static class BadAckMode {
        @PikaListener(queues = "q", ackMode = "SOMETIMES")
        void handle(String body) {}
    }

    static class BadAutoStartup {
        @PikaListener(queues = "q", autoStartup = "maybe")
        void handle(String body) {}
    }

    static class ZeroConcurrency {
        @PikaListener(queues = "q", concurrency = "0")
        void handle(String body) {}
    }

    static class NoQueue {
        @PikaListener
        void handle(String body) {}
    }

    @Test
    void badAttributesFailTheStartNamingTheAttributeTheMethodAndWhatIsAllowed() {
        assertStartFails(
                BadConcurrency.class, "concurrency = \"lots\"", "BadConcurrency.handle(String)", "whole number");
        assertStartFails(BadAckMode.class, "ackMode = \"SOMETIMES\"", "[AUTO, MANUAL, NONE]");
        assertStartFails(BadAutoStartup.class, "autoStartup = \"maybe\"", "\"true\" or \"false\"");
        assertStartFails(ZeroConcurrency.class, "concurrency = \"0\" must be at least 1");
        assertStartFails(NoQueue.class, "names no queue");
    }

    static class AckWithoutManual {
        @PikaListener(queues = "q")
        void handle(String body, Acknowledgement acknowledgement) {}
    }

    static class ManualWithoutAck {
        @PikaListener(queues = "q", ackMode = "MANUAL")
        void handle(String body) {}
    }

    @Test
    void theAcknowledgementNeedsManualAndManualNeedsTheAcknowledgement() {
        assertStartFails(
                AckWithoutManual.class,
                "takes an Acknowledgement",
                "pika.listener.ack-mode = AUTO",
                "ackMode = \"MANUAL\"");
        assertStartFails(ManualWithoutAck.class, "the ack mode is MANUAL", "never be acknowledged");
        runner().withBean("listener", AckWithoutManual.class)
                .withPropertyValues("pika.listener.ack-mode=manual")
                .run(context -> assertThat(context).hasNotFailed());
    }

    static class NamedFactory {
        @PikaListener(queues = "q", containerFactory = "${factory.name}")
        void handle(String body) {}
    }

    @Test
    void theContainerFactoryIsLookedUpByNameWithAClearErrorWhenMissing() {
        PikaListenerContainerFactory special = endpoint -> null;
        runner().withBean("listener", NamedFactory.class)
                .withBean("specialFactory", PikaListenerContainerFactory.class, () -> special)
                .withPropertyValues("factory.name=specialFactory")
                .run(context -> assertThat(registry(context).factories.get("listener.handle"))
                        .isSameAs(special));
        runner().withBean("listener", NamedFactory.class)
                .withBean("specialFactory", PikaListenerContainerFactory.class, () -> special)
                .withPropertyValues("factory.name=nope")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(invalid(context))
                            .hasMessageContaining("containerFactory = \"nope\" names no bean")
                            .hasMessageContaining("[specialFactory]");
                });
    }

    static class WithErrorHandler {
        final List<String> calls = new ArrayList<>();

        @PikaListener(queues = "q", errorHandler = "myErrors")
        void handle(String body) {
            calls.add(body);
            throw new IllegalStateException("failed " + body);
        }
    }

    @Test
    void theErrorHandlerBeanSeesTheMethodsException() throws Exception {
        List<Throwable> handled = new ArrayList<>();
        PikaListenerErrorHandler handler = (delivery, exception) -> {
            handled.add(exception);
            return null;
        };
        runner().withBean("listener", WithErrorHandler.class)
                .withBean("myErrors", PikaListenerErrorHandler.class, () -> handler)
                .run(context -> {
                    registry(context).endpoint("listener.handle").listener().onMessage(delivery("x", null), null);
                    assertThat(context.getBean(WithErrorHandler.class).calls).containsExactly("x");
                    assertThat(handled)
                            .singleElement()
                            .satisfies(e -> assertThat(e).hasMessage("failed x"));
                });
        runner().withBean("listener", WithErrorHandler.class)
                .run(context ->
                        assertThat(invalid(context)).hasMessageContaining("errorHandler = \"myErrors\" names no bean"));
    }

    static class Declaring {
        @PikaListener(
                queuesToDeclare =
                        @Queue(
                                value = "${app.queue}",
                                arguments = @Argument(name = "x-max-length", value = "10", type = "java.lang.Integer")),
                bindings =
                        @QueueBinding(
                                value = @Queue(value = "bound", durable = "false"),
                                exchange = @Exchange(value = "events", type = "topic"),
                                key = {"order.*", "refund.*"}))
        void handle(String body) {}

        @PikaListener(
                id = "anonymous",
                bindings = @QueueBinding(value = @Queue, exchange = @Exchange(value = "fan", type = "fanout")))
        void anonymous(String body) {}
    }

    @Test
    void queuesToDeclareAndBindingsBecomeDeclarablesBeansAndTheListenersQueues() {
        runner().withBean("declaring", Declaring.class)
                .withPropertyValues("app.queue=declared")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<Declarable> all = new ArrayList<>();
                    context.getBeansOfType(Declarables.class).values().forEach(d -> all.addAll(d.declarables()));
                    assertThat(all)
                            .contains(
                                    new dev.pika.spring.core.Queue(
                                            "declared", true, false, false, Map.of("x-max-length", 10)),
                                    new dev.pika.spring.core.Queue("bound", false, false, false, Map.of()),
                                    dev.pika.spring.core.Exchange.topic("events")
                                            .build(),
                                    new Binding("bound", Binding.DestinationType.QUEUE, "events", "order.*", Map.of()),
                                    new Binding(
                                            "bound", Binding.DestinationType.QUEUE, "events", "refund.*", Map.of()));
                    assertThat(registry(context).endpoint("declaring.handle").queues())
                            .containsExactly("declared", "bound");
                    String anonymous =
                            registry(context).endpoint("anonymous").queues().get(0);
                    assertThat(anonymous).startsWith(dev.pika.spring.core.Queue.ANONYMOUS_PREFIX);
                    assertThat(all)
                            .anySatisfy(d -> assertThat(d)
                                    .isEqualTo(new dev.pika.spring.core.Queue(anonymous, false, true, true, Map.of())));
                });
    }

    record Order(String id) {}

    record Refund(String id) {}

    @PikaListener(id = "typed", queues = "mixed")
    static class ClassLevel {
        final List<Object> calls = new ArrayList<>();

        @PikaHandler
        void order(Order order) {
            calls.add(order);
        }

        @PikaHandler
        void refund(Refund refund) {
            calls.add(refund);
        }

        @PikaHandler(isDefault = true)
        void other(Object anything) {
            calls.add("default");
        }
    }

    @Test
    void aClassLevelListenerDispatchesToItsHandlersByPayloadType() throws Exception {
        runner().withBean("classLevel", ClassLevel.class).run(context -> {
            PikaListenerEndpoint endpoint = registry(context).endpoint("typed");
            endpoint.listener().onMessage(delivery(new Refund("r"), null), null);
            endpoint.listener().onMessage(delivery(new Order("o"), null), null);
            endpoint.listener().onMessage(delivery("text", null), null);
            assertThat(context.getBean(ClassLevel.class).calls)
                    .containsExactly(new Refund("r"), new Order("o"), "default");
        });
    }

    static class HandlersWithoutClassAnnotation {
        @PikaHandler
        void order(Order order) {}
    }

    @Test
    void handlersWithoutAClassLevelListenerFailTheStart() {
        assertStartFails(
                HandlersWithoutClassAnnotation.class, "are never called", "annotate the class with @PikaListener");
    }

    static class SendsWithoutTemplate {
        @PikaListener(queues = "q")
        @SendTo("results/done")
        String handle(String body) {
            return body;
        }
    }

    static class VoidSendTo {
        @PikaListener(queues = "q")
        @SendTo("results/done")
        void handle(String body) {}
    }

    @Test
    void sendToNeedsATemplateAndAReturnValue() {
        assertStartFails(SendsWithoutTemplate.class, "@SendTo", "no PikaTemplate bean");
        assertStartFails(VoidSendTo.class, "returns nothing");
    }

    @Test
    void withoutARegistryTheStartFailsSayingWhatIsMissing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PikaAnnotationDrivenAutoConfiguration.class))
                .withBean("listener", Repeated.class)
                .run(context -> assertThat(invalid(context))
                        .hasMessageContaining("needs a PikaListenerRegistry bean")
                        .hasMessageContaining("PikaConnectionFactory"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePika
    static class ExplicitlyEnabled {
        @Bean
        Repeated repeated() {
            return new Repeated();
        }
    }

    @Test
    void enablePikaWithTheAutoConfigurationRegistersOneProcessor() {
        runner().withUserConfiguration(ExplicitlyEnabled.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(PikaListenerAnnotationBeanPostProcessor.class))
                    .containsOnlyKeys(PikaListenerAnnotationBeanPostProcessor.BEAN_NAME);
            assertThat(registry(context).endpoints).hasSize(2);
        });
    }

    /** The InvalidPikaListenerException that failed the start, wherever Spring wrapped it. */
    static InvalidPikaListenerException invalid(
            org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            if (t instanceof InvalidPikaListenerException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("the start failed otherwise", context.getStartupFailure());
    }

    static void assertStartFails(Class<?> listener, String... fragments) {
        runner().withBean("listener", listener).run(context -> {
            assertThat(context).hasFailed();
            assertThat(invalid(context)).hasMessageContainingAll(fragments);
        });
    }
}
