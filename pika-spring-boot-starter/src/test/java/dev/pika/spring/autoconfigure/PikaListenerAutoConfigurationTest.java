package dev.pika.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaListenerContainer;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.PikaListenerRegistry;
import dev.pika.spring.listener.container.ContainerSettings;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.spring.listener.container.DefaultPikaListenerContainerFactory;
import dev.pika.spring.listener.container.DefaultPikaListenerRegistry;
import dev.pika.spring.listener.observation.PikaListenerConsumerState;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import dev.pika.spring.listener.observation.PikaListenerViews;
import dev.pika.spring.listener.retry.ImmediateRequeueMessageRecoverer;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RejectAndDontRequeueRecoverer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link PikaListenerAutoConfiguration} without a broker (the connection points at a closed port and
 * keeps trying): the beans, their settings from {@code pika.listener.*}, backing off, and endpoint beans
 * registered and started with the context.
 */
class PikaListenerAutoConfigurationTest {

    private static String unreachableUrl;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PikaAutoConfiguration.class,
                    PikaConnectionAutoConfiguration.class,
                    PikaTemplateAutoConfiguration.class,
                    PikaAdminAutoConfiguration.class,
                    PikaListenerAutoConfiguration.class))
            .withPropertyValues("pika.url=" + unreachableUrl, "pika.recovery.initial-interval=10s");

    @BeforeAll
    static void findAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        unreachableUrl = "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    private static PikaListenerEndpoint endpoint(String id) {
        return PikaListenerEndpoint.builder(id)
                .queues("q-" + id)
                .listener((d, a) -> {})
                .build();
    }

    @Test
    void providesTheFactoryTheRegistryAndTheDefaultRecoverer() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(DefaultPikaListenerContainerFactory.class);
            assertThat(context).hasBean("pikaListenerContainerFactory");
            assertThat(context).hasSingleBean(DefaultPikaListenerRegistry.class);
            assertThat(context).hasBean("pikaListenerRegistry");
            assertThat(context.getBean(PikaListenerViews.class)).isSameAs(context.getBean(PikaListenerRegistry.class));
            assertThat(context.getBean(MessageRecoverer.class)).isInstanceOf(RejectAndDontRequeueRecoverer.class);
            assertThat(context.getBean(DefaultPikaListenerRegistry.class).isRunning())
                    .isTrue();
        });
    }

    @Test
    void theFactoryTakesThePikaListenerProperties() {
        runner.withPropertyValues(
                        "pika.listener.concurrency=3",
                        "pika.listener.prefetch=30",
                        "pika.listener.ack-mode=manual",
                        "pika.listener.auto-startup=false",
                        "pika.listener.shutdown-timeout=7s",
                        "pika.listener.retry.enabled=true",
                        "pika.listener.retry.max-attempts=4")
                .run(context -> {
                    DefaultPikaListenerContainer container = context.getBean(DefaultPikaListenerContainerFactory.class)
                            .createContainer(endpoint("props"));
                    ContainerSettings settings = container.getSettings();
                    assertThat(settings.concurrency()).isEqualTo(3);
                    assertThat(settings.prefetch()).isEqualTo(30);
                    assertThat(settings.ackMode()).isEqualTo(AckMode.MANUAL);
                    assertThat(settings.autoStartup()).isFalse();
                    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(settings.retryTemplate()).isNotNull();
                    assertThat(container.getConnection().name())
                            .isEqualTo(context.getBean(dev.pika.spring.connection.PikaConnectionFactory.class)
                                    .getConnection()
                                    .name());
                });
    }

    @Test
    void endpointSettingsWinOverTheDefaults() {
        runner.run(context -> {
            DefaultPikaListenerContainer container = context.getBean(DefaultPikaListenerContainerFactory.class)
                    .createContainer(PikaListenerEndpoint.builder("own")
                            .queues("q")
                            .listener((d, a) -> {})
                            .concurrency(5)
                            .prefetch(50)
                            .ackMode(AckMode.NONE)
                            .recoverer(new ImmediateRequeueMessageRecoverer())
                            .build());
            assertThat(container.getSettings().concurrency()).isEqualTo(5);
            assertThat(container.getSettings().prefetch()).isEqualTo(50);
            assertThat(container.getSettings().ackMode()).isEqualTo(AckMode.NONE);
            assertThat(container.getSettings().recoverer()).isInstanceOf(ImmediateRequeueMessageRecoverer.class);
            assertThat(container.getSettings().retryTemplate())
                    .as("retry off by default")
                    .isNull();
        });
    }

    @Test
    void aPrefetchBelowTheConcurrencyIsRefusedWithTheSettingNamed() {
        runner.run(context -> {
            DefaultPikaListenerContainerFactory factory = context.getBean(DefaultPikaListenerContainerFactory.class);
            PikaListenerEndpoint endpoint = PikaListenerEndpoint.builder("tight")
                    .queues("q")
                    .listener((d, a) -> {})
                    .concurrency(8)
                    .prefetch(2)
                    .build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.createContainer(endpoint))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("listener 'tight'")
                    .hasMessageContaining("pika.listener.prefetch");
        });
    }

    @Test
    void defaultRequeueRejectedMakesTheDefaultRecovererRequeue() {
        runner.withPropertyValues("pika.listener.default-requeue-rejected=true")
                .run(context -> assertThat(context.getBean(MessageRecoverer.class))
                        .isInstanceOf(ImmediateRequeueMessageRecoverer.class));
    }

    @Test
    void endpointBeansAreRegisteredAndStartedWithTheContextAndStoppedWithIt() {
        runner.withBean("first", PikaListenerEndpoint.class, () -> endpoint("first"))
                .withBean(
                        "second",
                        PikaListenerEndpoint.class,
                        () -> PikaListenerEndpoint.builder("second")
                                .queues("q2")
                                .listener((d, a) -> {})
                                .autoStartup(false)
                                .build())
                .run(context -> {
                    PikaListenerRegistry registry = context.getBean(PikaListenerRegistry.class);
                    assertThat(registry.getListenerContainers())
                            .extracting(PikaListenerContainer::getListenerId)
                            .containsExactly("first", "second");
                    assertThat(registry.getListenerContainer("first")
                                    .orElseThrow()
                                    .isRunning())
                            .isTrue();
                    assertThat(registry.getListenerContainer("second")
                                    .orElseThrow()
                                    .isRunning())
                            .isFalse();
                    assertThat(registry.getListenerSnapshots())
                            .extracting(PikaListenerSnapshot::id, PikaListenerSnapshot::state)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("first", PikaListenerConsumerState.STARTING),
                                    org.assertj.core.groups.Tuple.tuple("second", PikaListenerConsumerState.STOPPED));
                    PikaListenerSnapshot first = registry.getListenerSnapshots().get(0);
                    assertThat(first.workerPoolSize()).isEqualTo(1);
                    assertThat(first.queueCapacity()).isEqualTo(250);
                    assertThat(first.queues()).containsExactly("q-first");
                });
    }

    @Test
    void aDuplicateIdIsRefused() {
        runner.run(context -> {
            PikaListenerRegistry registry = context.getBean(PikaListenerRegistry.class);
            registry.register(endpoint("dup"), null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.register(endpoint("dup"), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'dup'");
            assertThat(registry.getListenerContainer("dup").orElseThrow().isRunning())
                    .as("registered while the registry runs: started")
                    .isTrue();
        });
    }

    @Test
    void backsOffForTheApplicationsOwnBeans() {
        PikaListenerContainerFactory own = endpoint -> {
            throw new UnsupportedOperationException();
        };
        MessageRecoverer recoverer = (d, id, c) -> {};
        runner.withBean("pikaListenerContainerFactory", PikaListenerContainerFactory.class, () -> own)
                .withBean(MessageRecoverer.class, () -> recoverer)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DefaultPikaListenerContainerFactory.class);
                    assertThat(context.getBean(MessageRecoverer.class)).isSameAs(recoverer);
                    assertThat(context).hasSingleBean(DefaultPikaListenerRegistry.class);
                });
    }
}
