package dev.pika.spring.annotation;

import dev.pika.spring.autoconfigure.PikaProperties;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.converter.SimpleMessageConverter;
import dev.pika.spring.core.Declarables;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.PikaListenerRegistry;
import dev.pika.spring.listener.adapter.ReplySender;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link PikaListener} annotations into listener endpoints registered with the {@link
 * PikaListenerRegistry} bean. Registered by {@link EnablePika} (implied by the starter's
 * auto-configuration) under {@link #BEAN_NAME}.
 *
 * <p><b>When.</b> As each bean is initialized, its annotations are found (on methods; on the class, with
 * its {@link PikaHandler} methods; repeated or not; through AOP proxies) and their {@code
 * queuesToDeclare}/{@code bindings} are registered as a {@link Declarables} singleton, so that {@code
 * PikaAdmin} declares them with the application's other declarations, at start and after every
 * recovery. Once all singletons exist, each annotation becomes a {@link PikaListenerEndpoint} (see {@link
 * ListenerEndpointFactory}): every attribute resolved (placeholders, SpEL) and checked, the method's
 * signature checked, the container factory, error handler and recoverer beans looked up, the retry read
 * from spring-retry's {@code @Retryable}/{@code @Recover} or the {@code retry} overrides. All endpoints are
 * built and their ids checked for uniqueness before the first is registered: a mistake anywhere fails
 * the start with an {@link InvalidPikaListenerException} naming the method, the attribute and the fix.
 *
 * <p><b>Lazy beans.</b> A listener bean created after the context's singletons (lazy, or in a child
 * context) is registered when it is created, but its declarations are not: declare those queues as
 * beans.
 *
 * <p>Threading: the bean factory calls it during start-up; it keeps state only for that time.
 */
public class PikaListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    /** The bean name under which {@link EnablePika} registers the processor: {@value}. */
    public static final String BEAN_NAME = "dev.pika.spring.annotation.internalPikaListenerAnnotationProcessor";

    private static final Log LOG = LogFactory.getLog(PikaListenerAnnotationBeanPostProcessor.class);

    private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();
    private final List<ListenerCandidate> pending = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ListenerCandidate> registered = new ConcurrentHashMap<>();
    private final Map<String, RetrySpec> retrySpecs = new ConcurrentHashMap<>();
    private ConfigurableListableBeanFactory beanFactory;
    private AttributeResolver resolver;
    private AnnotationDeclarations declarations;
    private volatile boolean singletonsInstantiated;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory configurable)) {
            throw new IllegalStateException("@PikaListener processing needs a ConfigurableListableBeanFactory, not "
                    + beanFactory.getClass().getName());
        }
        this.beanFactory = configurable;
        this.resolver = new AttributeResolver(configurable);
        this.declarations = new AnnotationDeclarations(resolver);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AopInfrastructureBean
                || bean instanceof PikaListenerContainerFactory
                || bean instanceof PikaListenerRegistry) {
            return bean;
        }
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (withoutListeners.contains(targetClass)
                || !AnnotationUtils.isCandidateClass(
                        targetClass, List.of(PikaListener.class, PikaListeners.class, PikaHandler.class))) {
            return bean;
        }
        List<ListenerCandidate> found = findListeners(bean, beanName, targetClass);
        if (found.isEmpty()) {
            withoutListeners.add(targetClass);
            return bean;
        }
        for (ListenerCandidate candidate : found) {
            registerDeclarations(candidate);
        }
        if (singletonsInstantiated) {
            registerAll(found);
        } else {
            pending.addAll(found);
        }
        return bean;
    }

    private List<ListenerCandidate> findListeners(Object bean, String beanName, Class<?> targetClass) {
        List<ListenerCandidate> found = new ArrayList<>();
        Map<Method, Set<PikaListener>> methods = MethodIntrospector.selectMethods(
                targetClass, (MethodIntrospector.MetadataLookup<Set<PikaListener>>) method -> {
                    Set<PikaListener> annotations = AnnotatedElementUtils.findMergedRepeatableAnnotations(
                            method, PikaListener.class, PikaListeners.class);
                    return annotations.isEmpty() ? null : annotations;
                });
        List<Method> sorted = new ArrayList<>(methods.keySet());
        sorted.sort((a, b) -> a.toGenericString().compareTo(b.toGenericString()));
        for (Method method : sorted) {
            int index = 0;
            for (PikaListener annotation : methods.get(method)) {
                found.add(ListenerCandidate.forMethod(bean, beanName, targetClass, method, annotation, index++));
            }
        }
        Set<PikaListener> classLevel = AnnotatedElementUtils.findMergedRepeatableAnnotations(
                targetClass, PikaListener.class, PikaListeners.class);
        List<Method> handlers = new ArrayList<>(MethodIntrospector.selectMethods(
                        targetClass, (MethodIntrospector.MetadataLookup<PikaHandler>)
                                method -> AnnotatedElementUtils.findMergedAnnotation(method, PikaHandler.class))
                .keySet());
        handlers.sort((a, b) -> a.toGenericString().compareTo(b.toGenericString()));
        if (classLevel.isEmpty() && !handlers.isEmpty()) {
            throw new InvalidPikaListenerException("@PikaHandler methods of "
                    + ClassUtils.getUserClass(targetClass).getName() + " (bean '" + beanName
                    + "') are never called: annotate the class with @PikaListener,"
                    + " or annotate the methods with @PikaListener instead");
        }
        int index = 0;
        for (PikaListener annotation : classLevel) {
            if (handlers.isEmpty()) {
                throw new InvalidPikaListenerException("@PikaListener on class " + targetClass.getName() + " (bean '"
                        + beanName + "') has no @PikaHandler method: annotate the methods that handle deliveries"
                        + " with @PikaHandler");
            }
            found.add(ListenerCandidate.forClass(bean, beanName, targetClass, handlers, annotation, index++));
        }
        return found;
    }

    private void registerDeclarations(ListenerCandidate candidate) {
        AnnotationDeclarations.Result result = declarations.of(candidate.annotation(), candidate.where());
        candidate.declaredQueues().addAll(result.queueNames());
        if (result.declarables().isEmpty()) {
            return;
        }
        String base = candidate.beanName() + ".pikaListenerDeclarables";
        String name = base;
        for (int i = 2; beanFactory.containsBean(name); i++) {
            name = base + "#" + i;
        }
        beanFactory.registerSingleton(name, new Declarables(result.declarables()));
        if (singletonsInstantiated) {
            LOG.warn(candidate.where() + " declares queues or bindings, but its bean was created after the context's"
                    + " singletons: PikaAdmin does not know them. Declare them as Queue/Exchange/Binding beans");
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        singletonsInstantiated = true;
        List<ListenerCandidate> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
            pending.clear();
        }
        registerAll(all);
    }

    private void registerAll(List<ListenerCandidate> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        PikaListenerRegistry registry = registry(candidates.get(0));
        ListenerEndpointFactory factory = endpointFactory();
        Map<String, ListenerEndpointFactory.Built> built = new LinkedHashMap<>();
        for (ListenerCandidate candidate : candidates) {
            ListenerEndpointFactory.Built endpoint = factory.build(candidate);
            String id = endpoint.endpoint().id();
            ListenerCandidate other = registered.get(id);
            ListenerEndpointFactory.Built sibling = built.get(id);
            String owner = other != null
                    ? other.where()
                    : sibling != null ? sibling.candidate().where() : null;
            if (owner == null && registry.getListenerContainer(id).isPresent()) {
                owner = "a container already in the PikaListenerRegistry";
            }
            if (owner != null) {
                throw new InvalidPikaListenerException("Listener id '" + id + "' of " + candidate.where()
                        + " is already used by " + owner + ": ids must be unique; give one of them"
                        + " @PikaListener(id = \"...\")");
            }
            built.put(id, endpoint);
        }
        for (ListenerEndpointFactory.Built endpoint : built.values()) {
            registry.register(endpoint.endpoint(), endpoint.containerFactory());
            registered.put(endpoint.endpoint().id(), endpoint.candidate());
            if (endpoint.retrySpec() != null) {
                retrySpecs.put(endpoint.endpoint().id(), endpoint.retrySpec());
            }
            LOG.debug("Registered " + endpoint.endpoint() + " for "
                    + endpoint.candidate().where());
        }
    }

    private PikaListenerRegistry registry(ListenerCandidate first) {
        try {
            return beanFactory.getBean(PikaListenerRegistry.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new InvalidPikaListenerException(
                    first.where() + " needs a PikaListenerRegistry bean to run, and"
                            + " there is none: the starter's PikaListenerAutoConfiguration defines it when a"
                            + " PikaConnectionFactory exists (pika.* properties); or define one",
                    e);
        }
    }

    private ListenerEndpointFactory endpointFactory() {
        PikaProperties properties =
                beanFactory.getBeanProvider(PikaProperties.class).getIfAvailable(PikaProperties::new);
        MessageConverter converter = beanFactory
                .getBeanProvider(MessageConverter.class)
                .getIfUnique(PikaListenerAnnotationBeanPostProcessor::defaultConverter);
        PikaTemplate template = beanFactory.getBeanProvider(PikaTemplate.class).getIfUnique();
        ReplySender replySender = template == null ? null : ReplySender.of(template);
        return new ListenerEndpointFactory(this, resolver, properties, converter, replySender);
    }

    private static MessageConverter defaultConverter() {
        if (ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", null)) {
            return new JacksonJsonMessageConverter();
        }
        return new SimpleMessageConverter();
    }

    /** Looks up a bean an attribute names, failing with the attribute and the fix. */
    <T> T bean(String name, Class<T> type, String attribute, String where) {
        try {
            return beanFactory.getBean(name, type);
        } catch (BeanNotOfRequiredTypeException e) {
            throw new InvalidPikaListenerException(
                    where + ": " + attribute + " = \"" + name + "\" names a bean of type "
                            + e.getActualType().getName() + ", not a " + type.getName(),
                    e);
        } catch (NoSuchBeanDefinitionException e) {
            throw new InvalidPikaListenerException(
                    where + ": " + attribute + " = \"" + name + "\" names no bean; the "
                            + type.getSimpleName() + " beans are " + List.of(beanFactory.getBeanNamesForType(type))
                            + ". Define a " + type.getSimpleName() + " bean of that name, or fix the name",
                    e);
        }
    }

    /**
     * The retry read for each listener id that has one of its own (for tests and diagnostics).
     *
     * @return an unmodifiable view
     */
    Map<String, RetrySpec> retrySpecs() {
        return Collections.unmodifiableMap(retrySpecs);
    }
}
