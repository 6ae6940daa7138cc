package dev.pika.spring.annotation;

import static dev.pika.spring.annotation.PikaListenerAnnotationProcessingTest.delivery;
import static dev.pika.spring.annotation.PikaListenerAnnotationProcessingTest.invalid;
import static dev.pika.spring.annotation.PikaListenerAnnotationProcessingTest.registry;
import static dev.pika.spring.annotation.PikaListenerAnnotationProcessingTest.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.RejectMessageException;
import dev.pika.spring.listener.retry.MessageRecoverer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.annotation.Backoff;
import org.springframework.retry.annotation.EnableRetry;
import org.springframework.retry.annotation.Recover;
import org.springframework.retry.annotation.Retryable;
import org.springframework.retry.support.RetryTemplate;

/** spring-retry's annotations and the retry overrides, read without AspectJ; @EnableRetry proxies detected. */
class RetryableListenerTest {

    static class Flaky {
        final AtomicInteger calls = new AtomicInteger();
        final List<Object> recovered = new CopyOnWriteArrayList<>();

        @PikaListener(id = "flaky", queues = "q")
        @Retryable(
                maxAttempts = 4,
                noRetryFor = IllegalArgumentException.class,
                backoff = @Backoff(delay = 1, multiplier = 2, maxDelay = 5))
        void handle(String body) {
            calls.incrementAndGet();
            if (body.startsWith("bad")) {
                throw new IllegalArgumentException(body);
            }
            throw new IllegalStateException(body);
        }

        @Recover
        void recover(IllegalStateException failure, String body, PikaDelivery delivery) {
            recovered.add(failure.getMessage() + "/" + body + "/" + delivery.queue());
        }
    }

    static int attempts(RetryTemplate template, Runnable call) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            template.execute(context -> {
                attempts.incrementAndGet();
                call.run();
                return null;
            });
        } catch (RuntimeException expected) {
            // the last failure
        }
        return attempts.get();
    }

    @Test
    void retryableConfiguresTheListenersRetryTemplateAndRecoverMethodsItsRecoverer() throws Exception {
        runner().withBean("flaky", Flaky.class).run(context -> {
            assertThat(context).hasNotFailed();
            RetrySpec spec = context.getBean(PikaListenerAnnotationBeanPostProcessor.class)
                    .retrySpecs()
                    .get("flaky");
            assertThat(spec.maxAttempts()).isEqualTo(4);
            assertThat(spec.initialInterval()).isEqualTo(Duration.ofMillis(1));
            assertThat(spec.multiplier()).isEqualTo(2.0);
            assertThat(spec.maxInterval()).isEqualTo(Duration.ofMillis(5));
            assertThat(spec.rules()).isEqualTo(Map.of(IllegalArgumentException.class, false));
            assertThat(spec.retryOthers()).isTrue();

            PikaListenerEndpoint endpoint = registry(context).endpoint("flaky");
            RetryTemplate template = endpoint.retryTemplate().orElseThrow();
            assertThat(attempts(template, () -> {
                        throw new IllegalStateException("again");
                    }))
                    .isEqualTo(4);
            assertThat(attempts(template, () -> {
                        throw new IllegalArgumentException("never");
                    }))
                    .as("noRetryFor")
                    .isEqualTo(1);
            assertThat(attempts(template, () -> {
                        throw new RuntimeException(new RejectMessageException("settled"));
                    }))
                    .as("a RejectMessageException cause is never retried")
                    .isEqualTo(1);

            MessageRecoverer recoverer = endpoint.recoverer().orElseThrow();
            recoverer.recover(delivery("payload", null), "flaky", new RuntimeException(new IllegalStateException("x")));
            assertThat(context.getBean(Flaky.class).recovered).containsExactly("x/payload/q");
            assertThatThrownBy(() -> recoverer.recover(delivery("p", null), "flaky", new IllegalArgumentException("y")))
                    .as("no @Recover method takes it: rejected")
                    .isInstanceOf(RejectMessageException.class)
                    .hasMessageContaining("no @Recover method takes java.lang.IllegalArgumentException");
        });
    }

    static class OnlyRetryFor {
        @PikaListener(id = "only", queues = "q")
        @Retryable(retryFor = IllegalStateException.class, maxAttemptsExpression = "${app.attempts}")
        void handle(String body) {}
    }

    @Test
    void retryForRetriesOnlyThoseAndExpressionsResolve() {
        runner().withBean("only", OnlyRetryFor.class)
                .withPropertyValues("app.attempts=2")
                .run(context -> {
                    RetrySpec spec = context.getBean(PikaListenerAnnotationBeanPostProcessor.class)
                            .retrySpecs()
                            .get("only");
                    assertThat(spec.maxAttempts()).isEqualTo(2);
                    assertThat(spec.retryOthers()).isFalse();
                    assertThat(spec.initialInterval())
                            .as("@Backoff's default 1 s")
                            .isEqualTo(Duration.ofSeconds(1));
                    RetryTemplate noWait =
                            new RetrySpec(2, Duration.ZERO, 1, Duration.ZERO, false, spec.rules(), false).toTemplate();
                    assertThat(attempts(noWait, () -> {
                                throw new UnsupportedOperationException();
                            }))
                            .isEqualTo(1);
                    assertThat(attempts(noWait, () -> {
                                throw new IllegalStateException();
                            }))
                            .isEqualTo(2);
                });
    }

    static class Overrides {
        @PikaListener(id = "more", queues = "q", retry = @ListenerRetry(maxAttempts = "5", recoverer = "myRecoverer"))
        void more(String body) {}

        @PikaListener(id = "off", queues = "q", retry = @ListenerRetry(enabled = "false"))
        void off(String body) {}

        @PikaListener(id = "inherit", queues = "q")
        void inherit(String body) {}
    }

    @Test
    void retryOverridesMergeWithTheListenerRetryProperties() {
        MessageRecoverer mine = (delivery, listenerId, cause) -> {};
        runner().withBean("overrides", Overrides.class)
                .withBean("myRecoverer", MessageRecoverer.class, () -> mine)
                .withPropertyValues("pika.listener.retry.initial-interval=20ms", "pika.listener.retry.multiplier=3")
                .run(context -> {
                    Map<String, RetrySpec> specs = context.getBean(PikaListenerAnnotationBeanPostProcessor.class)
                            .retrySpecs();
                    assertThat(specs.get("more").maxAttempts()).isEqualTo(5);
                    assertThat(specs.get("more").initialInterval()).isEqualTo(Duration.ofMillis(20));
                    assertThat(specs.get("more").multiplier()).isEqualTo(3.0);
                    assertThat(registry(context).endpoint("more").recoverer()).containsSame(mine);
                    assertThat(specs.get("off")).isEqualTo(RetrySpec.SINGLE_ATTEMPT);
                    assertThat(attempts(
                                    registry(context)
                                            .endpoint("off")
                                            .retryTemplate()
                                            .orElseThrow(),
                                    () -> {
                                        throw new IllegalStateException();
                                    }))
                            .isEqualTo(1);
                    assertThat(specs).doesNotContainKey("inherit");
                    assertThat(registry(context).endpoint("inherit").retryTemplate())
                            .as("the factory's default")
                            .isEmpty();
                });
    }

    static class BadOverrides {
        @PikaListener(queues = "q", retry = @ListenerRetry(initialInterval = "soon"))
        void handle(String body) {}
    }

    static class Stateful {
        @PikaListener(queues = "q")
        @Retryable(stateful = true)
        void handle(String body) {}
    }

    @Test
    void badRetrySettingsFailTheStart() {
        runner().withBean("listener", BadOverrides.class)
                .run(context -> assertThat(invalid(context))
                        .hasMessageContaining("retry.initialInterval = \"soon\" is not a duration")
                        .hasMessageContaining("pika.listener.retry.initial-interval"));
        runner().withBean("listener", Stateful.class)
                .run(context -> assertThat(invalid(context))
                        .hasMessageContaining("stateful = true")
                        .hasMessageContaining("not supported"));
    }

    static class ProxiedFlaky {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger recovered = new AtomicInteger();

        @PikaListener(id = "proxied", queues = "q")
        @Retryable(maxAttempts = 3, backoff = @Backoff(delay = 1))
        public void handle(String body) {
            calls.incrementAndGet();
            throw new IllegalStateException(body);
        }

        @Recover
        public void recover(IllegalStateException failure, String body) {
            recovered.incrementAndGet();
        }

        public int calls() {
            return calls.get(); // through the proxy to the target (the proxy's own fields are empty)
        }

        public int recovered() {
            return recovered.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableRetry(proxyTargetClass = true)
    static class RetryProxies {
        @Bean
        ProxiedFlaky proxiedFlaky() {
            return new ProxiedFlaky();
        }
    }

    @Test
    void aBeanProxiedByEnableRetryIsCalledOnceByTheContainerSoItIsNotRetriedTwice() throws Exception {
        runner().withUserConfiguration(RetryProxies.class).run(context -> {
            assertThat(context).hasNotFailed();
            PikaListenerEndpoint endpoint = registry(context).endpoint("proxied");
            assertThat(context.getBean(PikaListenerAnnotationBeanPostProcessor.class)
                            .retrySpecs()
                            .get("proxied"))
                    .isEqualTo(RetrySpec.SINGLE_ATTEMPT);
            assertThat(endpoint.recoverer())
                    .as("the proxy recovers; the factory's recoverer after it")
                    .isEmpty();

            AtomicInteger containerAttempts = new AtomicInteger();
            endpoint.retryTemplate().orElseThrow().execute(retryContext -> {
                containerAttempts.incrementAndGet();
                endpoint.listener().onMessage(delivery("x", null), null);
                return null;
            });
            ProxiedFlaky bean = context.getBean(ProxiedFlaky.class);
            assertThat(containerAttempts).hasValue(1);
            assertThat(bean.calls()).as("the proxy's three attempts, not nine").isEqualTo(3);
            assertThat(bean.recovered()).isEqualTo(1);
        });
    }
}
