package dev.pika.spring.autoconfigure;

import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.PikaListenerRegistry;
import dev.pika.spring.listener.container.DefaultPikaListenerContainerFactory;
import dev.pika.spring.listener.container.DefaultPikaListenerRegistry;
import dev.pika.spring.listener.container.ResubscribePolicy;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.listener.retry.ImmediateRequeueMessageRecoverer;
import dev.pika.spring.listener.retry.ListenerRetryTemplates;
import dev.pika.spring.listener.retry.MessageRecoverer;
import dev.pika.spring.listener.retry.RejectAndDontRequeueRecoverer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Listener containers: the {@link DefaultPikaListenerContainerFactory} {@code pikaListenerContainerFactory}
 * on the default connection with the {@code pika.listener.*} defaults (retry from {@code
 * pika.listener.retry.*}, re-subscription from {@code pika.recovery.*}, virtual threads with {@code
 * spring.threads.virtual.enabled} on Java 21+, every {@link PikaListenerInvocationObserver} bean in
 * {@code @Order}), the {@link DefaultPikaListenerRegistry} {@code pikaListenerRegistry} (which health and
 * metrics read as {@code PikaListenerViews}), the default {@link MessageRecoverer} (reject without
 * requeue; requeue with {@code pika.listener.default-requeue-rejected=true}), and the registration of
 * every {@link PikaListenerEndpoint} bean once all singletons exist.
 *
 * <p>Every bean backs off when the application defines its own. Spring instantiates this class once, at
 * start-up; it holds no state.
 */
@AutoConfiguration(after = {PikaConnectionAutoConfiguration.class, PikaTemplateAutoConfiguration.class})
@ConditionalOnClass(DefaultPikaListenerContainerFactory.class)
@ConditionalOnBean(PikaConnectionFactory.class)
public class PikaListenerAutoConfiguration {

    /**
     * What happens to a message after its listener failed for good, unless the endpoint or the
     * application says otherwise.
     *
     * @param properties {@code pika.listener.default-requeue-rejected}
     * @return reject without requeue (dead-letter), or requeue when so configured
     */
    @Bean
    @ConditionalOnMissingBean
    public MessageRecoverer pikaMessageRecoverer(PikaProperties properties) {
        return properties.getListener().isDefaultRequeueRejected()
                ? new ImmediateRequeueMessageRecoverer()
                : new RejectAndDontRequeueRecoverer();
    }

    /**
     * The default container factory.
     *
     * @param connectionFactory the connections (the containers use the default one)
     * @param properties {@code pika.listener.*} and {@code pika.recovery.*}
     * @param recoverer the default recoverer
     * @param observers the invocation observers, in {@code @Order}
     * @param environment {@code spring.threads.virtual.enabled}
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean(name = "pikaListenerContainerFactory")
    public DefaultPikaListenerContainerFactory pikaListenerContainerFactory(
            PikaConnectionFactory connectionFactory,
            PikaProperties properties,
            MessageRecoverer recoverer,
            ObjectProvider<PikaListenerInvocationObserver> observers,
            Environment environment) {
        PikaProperties.Listener listener = properties.getListener();
        DefaultPikaListenerContainerFactory factory =
                new DefaultPikaListenerContainerFactory(connectionFactory::getConnection);
        factory.setConcurrency(listener.getConcurrency());
        factory.setPrefetch(listener.getPrefetch());
        factory.setAckMode(listener.getAckMode());
        factory.setAutoStartup(listener.isAutoStartup());
        factory.setShutdownTimeout(listener.getShutdownTimeout());
        factory.setRecoverer(recoverer);
        PikaProperties.Retry retry = listener.getRetry();
        if (retry.isEnabled()) {
            factory.setRetryTemplate(ListenerRetryTemplates.exponential(
                    retry.getMaxAttempts(), retry.getInitialInterval(), retry.getMultiplier(), retry.getMaxInterval()));
        }
        PikaProperties.Recovery recovery = properties.getRecovery();
        factory.setResubscribePolicy(new ResubscribePolicy(
                recovery.getInitialInterval(),
                Math.max(1.0, recovery.getMultiplier()),
                recovery.getMaxInterval(),
                recovery.getMaxAttempts(),
                Math.min(1.0, Math.max(0.0, recovery.getJitter()))));
        factory.setVirtualThreads(environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
        factory.setObserver(SingletonSupplier.of(() -> PikaListenerInvocationObserver.composite(
                observers.orderedStream().toList())));
        return factory;
    }

    /**
     * The registry of every listener container.
     *
     * @param containerFactory the default factory
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean(PikaListenerRegistry.class)
    public DefaultPikaListenerRegistry pikaListenerRegistry(
            @org.springframework.beans.factory.annotation.Qualifier("pikaListenerContainerFactory")
                    PikaListenerContainerFactory containerFactory) {
        return new DefaultPikaListenerRegistry(containerFactory);
    }

    /**
     * Registers every {@link PikaListenerEndpoint} bean once all singletons exist (before the registry
     * starts with the context).
     *
     * @param registry the registry
     * @param endpoints the endpoint beans
     * @return the registrar
     */
    @Bean
    public static SmartInitializingSingleton pikaListenerEndpointRegistrar(
            ObjectProvider<PikaListenerRegistry> registry, ObjectProvider<PikaListenerEndpoint> endpoints) {
        return () -> {
            PikaListenerRegistry target = registry.getIfAvailable();
            if (target != null) {
                endpoints.orderedStream().forEach(endpoint -> target.register(endpoint, null));
            }
        };
    }
}
