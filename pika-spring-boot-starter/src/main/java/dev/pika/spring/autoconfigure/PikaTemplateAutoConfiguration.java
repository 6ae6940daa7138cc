package dev.pika.spring.autoconfigure;

import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.converter.MessageConverter;
import dev.pika.spring.converter.SimpleMessageConverter;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublisherOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishing: the {@link PikaTemplate} on the default connection, with {@code pika.publisher.*}, and its
 * {@link MessageConverter}: JSON ({@link JacksonJsonMessageConverter}, with the application's {@link
 * JsonMapper} bean when there is one) when Jackson 3 is on the classpath, else {@link
 * SimpleMessageConverter} ({@code byte[]} and {@code String}). {@link PikaTemplateCustomizer}s are
 * applied in {@code @Order}.
 *
 * <p>Every bean backs off when the application defines its own. Spring instantiates this class once,
 * at start-up; it holds no state.
 */
@AutoConfiguration(after = PikaConnectionAutoConfiguration.class)
@ConditionalOnClass(PikaTemplate.class)
@ConditionalOnBean(PikaConnectionFactory.class)
public class PikaTemplateAutoConfiguration {

    /**
     * The template.
     *
     * @param connectionFactory the connection factory (the template publishes on its default
     *     connection)
     * @param messageConverter converts {@code convertAndSend} payloads
     * @param properties the properties
     * @param customizers applied in {@code @Order}
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaTemplate pikaTemplate(
            PikaConnectionFactory connectionFactory,
            MessageConverter messageConverter,
            PikaProperties properties,
            ObjectProvider<PikaTemplateCustomizer> customizers) {
        PikaProperties.Publisher publisher = properties.getPublisher();
        PublisherOptions options = PublisherOptions.builder()
                .confirms(publisher.isConfirms())
                .mandatory(publisher.isMandatory())
                .confirmTimeout(publisher.getConfirmTimeout())
                .shutdownTimeout(publisher.getShutdownTimeout())
                .build();
        PikaTemplate template = new PikaTemplate(connectionFactory.getConnection(), messageConverter, options);
        customizers.orderedStream().forEach(customizer -> customizer.customize(template));
        return template;
    }

    /** JSON when Jackson 3 is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonMessageConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean(MessageConverter.class)
        JacksonJsonMessageConverter pikaMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
            return new JacksonJsonMessageConverter(
                    jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
        }
    }

    /** {@code byte[]} and {@code String} otherwise. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    static class SimpleMessageConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean(MessageConverter.class)
        SimpleMessageConverter pikaMessageConverter() {
            return new SimpleMessageConverter();
        }
    }
}
