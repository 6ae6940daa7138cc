package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.spring.autoconfigure.diagnostics.DeclarationFailureAnalyzer;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.core.Binding;
import dev.pika.spring.core.DeclarationException;
import dev.pika.spring.core.Exchange;
import dev.pika.spring.core.PikaAdmin;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declaration beans at start-up (fail-fast or not) and PikaAdmin's programmatic operations. */
@PikaIntegrationTest
class DeclarationIT {

    @Test
    @RequiresRabbitMq("RabbitMQ refuses an inequivalent re-declaration with 406; Qpid Broker-J accepts it")
    void aRefusedDeclarationFailsTheStartNamingTheEntityAndTheReply(TestBroker broker) throws Exception {
        String queue = broker.name("clash");
        Clash.name = queue;
        try (SelectClient reader = new SelectClient(broker.uri())) {
            reader.onChannel(channel -> channel.queueDeclare(queue, false, true, false, false, null));
            StarterContexts.runner()
                    .withUserConfiguration(Clash.class)
                    .withPropertyValues("pika.url=" + broker.uri())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        Throwable failure = context.getStartupFailure();
                        assertThat(failure)
                                .rootCause()
                                .isInstanceOf(dev.pika.exceptions.ChannelClosedByBrokerException.class);
                        FailureAnalysis analysis = new DeclarationFailureAnalyzer().analyze(failure);
                        assertThat(analysis.getDescription()).contains("queue '" + queue + "'", "406");
                    });
            StarterContexts.runner()
                    .withUserConfiguration(Clash.class)
                    .withPropertyValues("pika.url=" + broker.uri(), "pika.declarations.fail-fast=false")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(PikaConnectionFactory.class)
                                        .getConnection()
                                        .state())
                                .isEqualTo(PikaConnectionState.OPEN);
                    });
            reader.deleteQueue(queue);
        }
        assertThat(StarterContexts.starterThreads()).isEmpty();
    }

    @Test
    void theAdminDeclaresInspectsPurgesAndDeletes(TestBroker broker) {
        String queueName = broker.name("admin");
        String exchangeName = broker.name("admin-x");
        StarterContexts.runner().withPropertyValues("pika.url=" + broker.uri()).run(context -> {
            PikaAdmin admin = context.getBean(PikaAdmin.class);
            Queue queue = Queue.nonDurable(queueName).build();
            Exchange exchange = Exchange.direct(exchangeName).nonDurable().build();
            Binding binding = Binding.bind(queue).to(exchange).with("k");

            admin.declare(exchange);
            admin.declare(queue);
            admin.declare(binding);
            assertThat(admin.getDeclarables()).containsExactly(exchange, queue, binding);

            context.getBean(PikaTemplate.class)
                    .sendAndWait(exchangeName, "k", new byte[] {1}, null, Duration.ofSeconds(30));
            assertThat(admin.getQueueInfo(queueName))
                    .hasValueSatisfying(info -> assertThat(info.messageCount()).isEqualTo(1));
            assertThat(admin.purgeQueue(queueName)).isEqualTo(1);

            admin.removeBinding(binding);
            assertThat(admin.deleteQueue(queueName)).isZero();
            admin.deleteExchange(exchangeName);
            assertThat(admin.getQueueInfo(queueName)).isEmpty();
            assertThat(admin.getDeclarables()).isEmpty();

            assertThatThrownBy(() -> admin.declare(
                            Binding.bindQueue(queueName).to(exchangeName).with("k")))
                    .isInstanceOfSatisfying(
                            DeclarationException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(404));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Clash {
        static volatile String name;

        @Bean
        Queue clash() {
            return Queue.nonDurable(name).build();
        }
    }
}
