package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spring.core.ConfirmTimeoutException;
import dev.pika.spring.core.Exchange;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each way a send can fail reaches its future as a typed exception, and the template goes on. */
@PikaIntegrationTest
class PublisherFailuresIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSendToAMissingExchangeFailsWithTheBrokersReplyAndTheNextSendWorks(TestBroker broker) throws Exception {
        String queue = broker.name("after");
        Names.queue = queue;
        Names.exchange = broker.name("unbound");
        StarterContexts.runner()
                .withUserConfiguration(Names.class)
                .withPropertyValues("pika.url=" + broker.uri())
                .run(context -> {
                    PikaTemplate template = context.getBean(PikaTemplate.class);

                    assertThat(template.send(broker.name("missing"), "x", new byte[] {1}))
                            .failsWithin(WAIT)
                            .withThrowableOfType(ExecutionException.class)
                            .havingCause()
                            .isInstanceOfSatisfying(
                                    ChannelClosedByBrokerException.class,
                                    e -> assertThat(e.replyCode()).isEqualTo(404));
                    assertThat(template.send("", queue, new byte[] {2})).succeedsWithin(WAIT);
                });
        try (SelectClient reader = new SelectClient(broker.uri())) {
            reader.deleteQueue(queue);
            reader.onChannel(channel -> channel.exchangeDelete(Names.exchange));
        }
    }

    @Test
    @RequiresRabbitMq("an unroutable mandatory publish is returned (Qpid nacks it)")
    void anUnroutableMandatorySendFailsAsUnroutable(TestBroker broker) throws Exception {
        Names.queue = broker.name("unused");
        Names.exchange = broker.name("unbound");
        StarterContexts.runner()
                .withUserConfiguration(Names.class)
                .withPropertyValues("pika.url=" + broker.uri(), "pika.publisher.mandatory=true")
                .run(context -> {
                    PikaTemplate template = context.getBean(PikaTemplate.class);

                    assertThatThrownBy(
                                    () -> template.sendAndWait(Names.exchange, "nowhere", new byte[] {1}, null, WAIT))
                            .isInstanceOf(UnroutableException.class);
                });
        try (SelectClient reader = new SelectClient(broker.uri())) {
            reader.deleteQueue(Names.queue);
            reader.onChannel(channel -> channel.exchangeDelete(Names.exchange));
        }
    }

    @Test
    void aSendTheBrokerNeverConfirmsFailsAfterTheConfirmTimeout(TestBroker broker) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            StarterContexts.runner()
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "pika.heartbeat=0",
                            "pika.publisher.confirm-timeout=300ms",
                            "pika.publisher.shutdown-timeout=0")
                    .run(context -> {
                        PikaTemplate template = context.getBean(PikaTemplate.class);
                        assertThat(template.send("", broker.name("q"), new byte[] {0}))
                                .succeedsWithin(WAIT);
                        proxy.stall(Direction.TO_CLIENT);

                        assertThat(template.send("", broker.name("q"), new byte[] {1}))
                                .failsWithin(WAIT)
                                .withThrowableOfType(ExecutionException.class)
                                .withCauseInstanceOf(ConfirmTimeoutException.class);
                        proxy.resume(Direction.TO_CLIENT);
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Names {
        static volatile String queue;
        static volatile String exchange;

        @Bean
        Queue queue() {
            return Queue.nonDurable(queue).build();
        }

        @Bean
        Exchange exchange() {
            return Exchange.direct(exchange).nonDurable().build();
        }
    }
}
