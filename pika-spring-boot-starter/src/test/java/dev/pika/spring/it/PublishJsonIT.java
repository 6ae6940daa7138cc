package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.channel.GetResult;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Issue 6: an app with only {@code pika.url} publishes JSON through PikaTemplate with confirms. */
@PikaIntegrationTest
class PublishJsonIT {

    record Order(String id, int quantity) {}

    @Test
    void anAppWithOnlyAUrlPublishesJsonWithConfirms(TestBroker broker) throws Exception {
        String queue = broker.name("orders");
        QueueConfig.name = queue;
        StarterContexts.runner()
                .withUserConfiguration(QueueConfig.class)
                .withPropertyValues("pika.url=" + broker.uri())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PikaConnectionFactory factory = context.getBean(PikaConnectionFactory.class);
                    assertThat(factory.getConnection().state()).isEqualTo(PikaConnectionState.OPEN);
                    assertThat(factory.getConnection().isInLoopThread()).isFalse();
                    PikaTemplate template = context.getBean(PikaTemplate.class);
                    assertThat(template.getOptions().confirms()).isTrue();

                    template.convertAndSend("", queue, new Order("o-1", 3)).get(30, TimeUnit.SECONDS);

                    try (SelectClient reader = new SelectClient(broker.uri())) {
                        GetResult message = reader.get(queue);
                        assertThat(message.isEmpty()).isFalse();
                        assertThat(message.properties().contentType()).isEqualTo("application/json");
                        assertThat(message.properties().headers())
                                .containsEntry(JacksonJsonMessageConverter.TYPE_ID_HEADER, Order.class.getName());
                        assertThat(new String(message.body(), StandardCharsets.UTF_8))
                                .isEqualTo("{\"id\":\"o-1\",\"quantity\":3}");
                    }
                });
    }

    @Test
    void withoutConfirmsASendCompletesOnceHandedToTheConnection(TestBroker broker) throws Exception {
        String queue = broker.name("plain");
        QueueConfig.name = queue;
        StarterContexts.runner()
                .withUserConfiguration(QueueConfig.class)
                .withPropertyValues("pika.url=" + broker.uri(), "pika.publisher.confirms=false")
                .run(context -> {
                    PikaTemplate template = context.getBean(PikaTemplate.class);
                    for (int i = 0; i < 10; i++) {
                        template.convertAndSend("", queue, "text " + i).get(30, TimeUnit.SECONDS);
                    }
                    try (SelectClient reader = new SelectClient(broker.uri())) {
                        // handed over is not yet routed: take messages until all ten arrived, with a bound
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        java.util.List<GetResult> all = new java.util.ArrayList<>();
                        while (all.size() < 10 && System.nanoTime() < deadline) {
                            all.addAll(reader.drain(queue));
                        }
                        assertThat(all)
                                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                                .containsExactly(java.util.stream.IntStream.range(0, 10)
                                        .mapToObj(i -> "text " + i)
                                        .toArray(String[]::new));
                        assertThat(all.get(0).properties().contentType()).isEqualTo("text/plain");
                        reader.deleteQueue(queue);
                    }
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class QueueConfig {
        static volatile String name;

        @Bean
        Queue orders() {
            return Queue.nonDurable(name).build();
        }
    }
}
