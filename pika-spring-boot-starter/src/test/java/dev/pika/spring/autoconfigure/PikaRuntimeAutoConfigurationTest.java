package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.connection.ConnectionFailedException;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.connection.recovery.JitteredExponentialBackOffPolicy;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.converter.SimpleMessageConverter;
import dev.pika.spring.core.Binding;
import dev.pika.spring.core.Declarable;
import dev.pika.spring.core.Declarables;
import dev.pika.spring.core.Exchange;
import dev.pika.spring.core.PikaAdmin;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublisherOptions;
import dev.pika.spring.core.Queue;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.FixedBackOffPolicy;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime auto-configurations on {@link ApplicationContextRunner}, without a broker: the
 * connection points at a port where nothing listens, so the first attempt is refused at once and
 * (with recovery on) the application starts while the connection keeps trying.
 */
class PikaRuntimeAutoConfigurationTest {

    private static String unreachableUrl;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PikaAutoConfiguration.class,
                    PikaConnectionAutoConfiguration.class,
                    PikaTemplateAutoConfiguration.class,
                    PikaAdminAutoConfiguration.class))
            .withPropertyValues("pika.url=" + unreachableUrl, "pika.recovery.initial-interval=10s");

    @BeforeAll
    static void findAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        unreachableUrl = "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    @Test
    void providesTheRuntimeBeans() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(PikaConnectionFactory.class);
            assertThat(context).hasSingleBean(PikaTemplate.class);
            assertThat(context).hasSingleBean(PikaAdmin.class);
            assertThat(context).hasBean(PikaConnectionAutoConfiguration.RECOVERY_RETRY_TEMPLATE_BEAN_NAME);
            assertThat(context.getBean(MessageConverter.class)).isInstanceOf(JacksonJsonMessageConverter.class);
            PikaConnectionFactory factory = context.getBean(PikaConnectionFactory.class);
            assertThat(factory.isRunning()).isTrue();
            assertThat(factory.isRecoveryEnabled()).isTrue();
            assertThat(factory.getConnection().state())
                    .isIn(PikaConnectionState.CONNECTING, PikaConnectionState.RECOVERING);
            assertThat(context.getBean(PikaTemplate.class).getConnection()).isSameAs(factory.getConnection());
        });
    }

    @Test
    void theRecoveryTemplateFollowsTheProperties() {
        runner.withPropertyValues(
                        "pika.recovery.initial-interval=2s",
                        "pika.recovery.multiplier=3",
                        "pika.recovery.max-interval=20s",
                        "pika.recovery.jitter=0")
                .run(context -> {
                    RetryTemplate template = context.getBean(
                            PikaConnectionAutoConfiguration.RECOVERY_RETRY_TEMPLATE_BEAN_NAME, RetryTemplate.class);
                    JitteredExponentialBackOffPolicy backOff =
                            (JitteredExponentialBackOffPolicy) ReflectionTestUtils.getField(template, "backOffPolicy");
                    assertThat(backOff.intervalMillis(1)).isEqualTo(2000);
                    assertThat(backOff.intervalMillis(2)).isEqualTo(6000);
                    assertThat(backOff.intervalMillis(3)).isEqualTo(18000);
                    assertThat(backOff.intervalMillis(4)).isEqualTo(20000);
                    assertThat(context.getBean(PikaConnectionFactory.class).getRecoveryTemplate())
                            .isSameAs(template);
                });
    }

    @Test
    void aQualifiedRetryTemplateBeanReplacesTheDefault() {
        runner.withUserConfiguration(CustomRetryTemplate.class).run(context -> {
            assertThat(context.getBean(PikaConnectionFactory.class).getRecoveryTemplate())
                    .isSameAs(CustomRetryTemplate.TEMPLATE);
        });
    }

    @Test
    void aQualifiedBackOffPolicyBeanReplacesTheDefaultBackOff() {
        runner.withUserConfiguration(CustomBackOff.class).run(context -> {
            RetryTemplate template =
                    context.getBean(PikaConnectionFactory.class).getRecoveryTemplate();
            assertThat(ReflectionTestUtils.getField(template, "backOffPolicy")).isSameAs(CustomBackOff.POLICY);
        });
    }

    @Test
    void anUnqualifiedBackOffPolicyBeanIsNotTakenForTheRecovery() {
        runner.withBean("someOtherBackOff", BackOffPolicy.class, FixedBackOffPolicy::new)
                .run(context -> {
                    RetryTemplate template =
                            context.getBean(PikaConnectionFactory.class).getRecoveryTemplate();
                    assertThat(ReflectionTestUtils.getField(template, "backOffPolicy"))
                            .isInstanceOf(JitteredExponentialBackOffPolicy.class);
                });
    }

    @Test
    void recoveryCustomizersAndTemplateCustomizersAreApplied() {
        AtomicReference<RetryTemplate> customizedRetry = new AtomicReference<>();
        AtomicReference<PikaTemplate> customizedTemplate = new AtomicReference<>();
        runner.withBean(PikaRecoveryRetryTemplateCustomizer.class, () -> customizedRetry::set)
                .withBean(PikaTemplateCustomizer.class, () -> customizedTemplate::set)
                .run(context -> {
                    assertThat(customizedRetry.get())
                            .isSameAs(
                                    context.getBean(PikaConnectionFactory.class).getRecoveryTemplate());
                    assertThat(customizedTemplate.get()).isSameAs(context.getBean(PikaTemplate.class));
                });
    }

    @Test
    void thePublisherPropertiesConfigureTheTemplate() {
        runner.withPropertyValues(
                        "pika.publisher.confirms=false",
                        "pika.publisher.mandatory=true",
                        "pika.publisher.confirm-timeout=5s",
                        "pika.publisher.shutdown-timeout=1s")
                .run(context -> assertThat(context.getBean(PikaTemplate.class).getOptions())
                        .isEqualTo(new PublisherOptions(false, true, Duration.ofSeconds(5), Duration.ofSeconds(1))));
    }

    @Test
    void withoutJacksonTheConverterHandlesBytesAndStrings() {
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .run(context -> assertThat(context.getBean(MessageConverter.class))
                        .isExactlyInstanceOf(SimpleMessageConverter.class));
    }

    @Test
    void theApplicationsJsonMapperIsUsed() {
        JsonMapper mapper = JsonMapper.builder().build();
        runner.withBean(JsonMapper.class, () -> mapper)
                .run(context -> assertThat(
                                ((JacksonJsonMessageConverter) context.getBean(MessageConverter.class)).getJsonMapper())
                        .isSameAs(mapper));
    }

    @Test
    void applicationBeansReplaceTheStartersBeans() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(MessageConverter.class);
            assertThat(context.getBean(MessageConverter.class)).isSameAs(OwnBeans.CONVERTER);
            assertThat(context.getBean(PikaTemplate.class).getMessageConverter())
                    .isSameAs(OwnBeans.CONVERTER);
            assertThat(context).hasSingleBean(PikaAdmin.class);
            assertThat(context.getBean(PikaAdmin.class).getTimeout()).isEqualTo(Duration.ofSeconds(7));
        });
    }

    @Test
    void declarationBeansAreCollectedInDeclarationOrder() {
        runner.withUserConfiguration(Topology.class).run(context -> {
            List<Declarable> declarables = context.getBean(PikaAdmin.class).getDeclarables();
            assertThat(declarables)
                    .extracting(Declarable::describe)
                    .containsExactly(
                            "topic exchange 'events'",
                            "direct exchange 'grouped'",
                            "queue 'orders'",
                            "queue 'grouped-queue'",
                            "binding of queue 'orders' to exchange 'events' with routing key 'order.*'");
        });
    }

    @Test
    void withRecoveryDisabledAnUnreachableBrokerFailsTheStart() {
        runner.withPropertyValues("pika.recovery.enabled=false").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof ConnectionFailedException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(ConnectionFailedException.class).hasMessageContaining("127.0.0.1");
        });
    }

    @Test
    void closingTheContextEndsTheStartersThreads() throws InterruptedException {
        runner.run(context -> assertThat(starterThreads()).isNotEmpty());
        // close() has returned: the executors are terminated, but a worker thread may still be leaving
        // run() (and threads of earlier tests in this JVM ending too); wait for that, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (isStarterThread(thread.getName())) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        assertThat(starterThreads()).isEmpty();
    }

    private static boolean isStarterThread(String name) {
        return name.startsWith("pika-io-") || name.startsWith("pika-recovery-");
    }

    private static List<String> starterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(PikaRuntimeAutoConfigurationTest::isStarterThread)
                .toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomRetryTemplate {
        static final RetryTemplate TEMPLATE =
                RetryTemplate.builder().maxAttempts(2).build();

        @Bean(PikaConnectionAutoConfiguration.RECOVERY_RETRY_TEMPLATE_BEAN_NAME)
        RetryTemplate pikaRecoveryRetryTemplate() {
            return TEMPLATE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomBackOff {
        static final BackOffPolicy POLICY = new FixedBackOffPolicy();

        @Bean(PikaConnectionAutoConfiguration.RECOVERY_BACK_OFF_POLICY_BEAN_NAME)
        BackOffPolicy pikaRecoveryBackOffPolicy() {
            return POLICY;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final MessageConverter CONVERTER = new SimpleMessageConverter();

        @Bean
        MessageConverter myConverter() {
            return CONVERTER;
        }

        @Bean
        PikaAdmin myAdmin(PikaConnectionFactory factory) {
            PikaAdmin admin = new PikaAdmin(factory.getConnection(), false);
            admin.setTimeout(Duration.ofSeconds(7));
            return admin;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Topology {
        @Bean
        Queue orders() {
            return Queue.durable("orders").build();
        }

        @Bean
        Exchange events() {
            return Exchange.topic("events").build();
        }

        @Bean
        Binding ordersBinding(Queue orders, Exchange events) {
            return Binding.bind(orders).to(events).with("order.*");
        }

        @Bean
        Declarables group() {
            return new Declarables(
                    Exchange.direct("grouped").build(),
                    Queue.durable("grouped-queue").build());
        }
    }
}
