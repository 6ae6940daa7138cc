package dev.pika.spring.autoconfigure;

import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.core.Declarable;
import dev.pika.spring.core.Declarables;
import dev.pika.spring.core.PikaAdmin;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Declarations: the {@link PikaAdmin} on the default connection, which declares every {@code Queue},
 * {@code Exchange}, {@code Binding} and {@code Declarables} bean whenever a connection opens ({@code
 * pika.declarations.fail-fast}, {@code pika.declarations.timeout}). The beans are collected once all
 * singletons exist, before the connection opens.
 *
 * <p>Every bean backs off when the application defines its own. Spring instantiates this class once,
 * at start-up; it holds no state.
 */
@AutoConfiguration(after = PikaConnectionAutoConfiguration.class)
@ConditionalOnClass(PikaAdmin.class)
@ConditionalOnBean(PikaConnectionFactory.class)
public class PikaAdminAutoConfiguration {

    /**
     * The admin.
     *
     * @param connectionFactory the connection factory (the admin works on its default connection)
     * @param properties the properties
     * @return the admin
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaAdmin pikaAdmin(PikaConnectionFactory connectionFactory, PikaProperties properties) {
        PikaAdmin admin = new PikaAdmin(
                connectionFactory.getConnection(), properties.getDeclarations().isFailFast());
        admin.setTimeout(properties.getDeclarations().getTimeout());
        return admin;
    }

    /**
     * Hands the declaration beans to every {@link PikaAdmin} once all singletons exist.
     *
     * @param admins the admins
     * @param declarables the {@code Queue}, {@code Exchange} and {@code Binding} beans
     * @param groups the {@code Declarables} beans
     * @return the collector
     */
    @Bean
    public static SmartInitializingSingleton pikaDeclarablesCollector(
            ObjectProvider<PikaAdmin> admins,
            ObjectProvider<Declarable> declarables,
            ObjectProvider<Declarables> groups) {
        return () -> {
            List<Declarable> all = new ArrayList<>();
            declarables.orderedStream().forEach(all::add);
            groups.orderedStream().forEach(group -> all.addAll(group.declarables()));
            admins.orderedStream().forEach(admin -> admin.setDeclarables(all));
        };
    }
}
