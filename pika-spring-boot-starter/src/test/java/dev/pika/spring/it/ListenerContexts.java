package dev.pika.spring.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.pika.spring.autoconfigure.PikaAdminAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaListenerAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration;
import dev.pika.spring.listener.PikaListenerRegistry;
import dev.pika.spring.listener.container.DefaultPikaListenerContainer;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The starter with its listener containers on an {@link ApplicationContextRunner}, and the tests' own
 * view of the broker through the RabbitMQ Java client (not the client under test).
 */
final class ListenerContexts {

    private ListenerContexts() {}

    static ApplicationContextRunner runner(TestBroker broker) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PikaAutoConfiguration.class,
                        PikaConnectionAutoConfiguration.class,
                        PikaTemplateAutoConfiguration.class,
                        PikaAdminAutoConfiguration.class,
                        PikaListenerAutoConfiguration.class))
                .withPropertyValues("pika.url=" + broker.uri());
    }

    static DefaultPikaListenerContainer container(ApplicationContext context, String id) {
        return (DefaultPikaListenerContainer) context.getBean(PikaListenerRegistry.class)
                .getListenerContainer(id)
                .orElseThrow();
    }

    /** Live threads whose name starts with {@code pika-listener-}. */
    static Set<Thread> listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("pika-listener-"))
                .collect(Collectors.toSet());
    }

    /** The broker seen through the RabbitMQ Java client. */
    static final class Peer implements AutoCloseable {
        private final Connection connection;
        private final Channel channel;

        Peer(TestBroker broker) throws Exception {
            this.connection = broker.amqpClientConnectionFactory().newConnection("listener-it-peer");
            this.channel = connection.createChannel();
            channel.confirmSelect();
        }

        Channel channel() {
            return channel;
        }

        void declare(String queue) throws Exception {
            channel.queueDeclare(queue, false, false, false, null);
        }

        void declare(String queue, Map<String, Object> arguments) throws Exception {
            channel.queueDeclare(queue, false, false, false, arguments);
        }

        /** Publishes {@code count} messages {@code <prefix><i>} and waits for their confirms. */
        void publish(String queue, String prefix, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                channel.basicPublish(
                        "",
                        queue,
                        new AMQP.BasicProperties.Builder().build(),
                        (prefix + i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(60_000);
        }

        long messageCount(String queue) throws Exception {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }

        void delete(String... queues) throws Exception {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
        }

        @Override
        public void close() throws java.io.IOException {
            connection.close();
        }
    }
}
