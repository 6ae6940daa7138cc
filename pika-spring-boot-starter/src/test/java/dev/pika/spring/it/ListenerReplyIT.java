package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.pika.spring.annotation.PikaListener;
import dev.pika.spring.autoconfigure.PikaAnnotationDrivenAutoConfiguration;
import dev.pika.spring.listener.adapter.PikaListenerErrorHandler;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Replies of {@code @PikaListener} methods: RPC over {@code reply-to} with the correlation id (the request
 * from another client, the answer read there), and {@code @SendTo} for a fixed destination; an error
 * handler's answer goes back the same way.
 */
@PikaIntegrationTest
class ListenerReplyIT {

    record Quote(String symbol, int quantity) {}

    record Priced(String symbol, long cents) {}

    static ApplicationContextRunner runner(TestBroker broker) {
        return ListenerContexts.runner(broker)
                .withConfiguration(AutoConfigurations.of(PikaAnnotationDrivenAutoConfiguration.class));
    }

    static class PricingService {
        @PikaListener(id = "pricing", queues = "${test.requests}", errorHandler = "pricingErrors")
        Priced price(Quote quote) {
            if (quote.quantity() < 0) {
                throw new IllegalArgumentException("negative quantity " + quote.quantity());
            }
            return new Priced(quote.symbol(), quote.quantity() * 150L);
        }

        @PikaListener(id = "audit", queues = "${test.audit}")
        @SendTo("${test.results}")
        String audit(String line) {
            return "audited " + line;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Pricing {
        @Bean
        PricingService pricingService() {
            return new PricingService();
        }

        @Bean
        PikaListenerErrorHandler pricingErrors() {
            return (delivery, exception) -> "error: " + exception.getMessage();
        }
    }

    @Test
    void aReturnValueIsTheReplyToReplyToWithTheCorrelationIdAndSendToIsTheFixedDestination(TestBroker broker)
            throws Exception {
        String requests = broker.name("requests");
        String audit = broker.name("audit");
        String results = broker.name("results");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(requests);
            peer.declare(audit);
            peer.declare(results);
            String replyQueue = peer.channel().queueDeclare().getQueue(); // server-named, exclusive
            runner(broker)
                    .withPropertyValues("test.requests=" + requests, "test.audit=" + audit, "test.results=" + results)
                    .withUserConfiguration(Pricing.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        request(peer, requests, replyQueue, "c-1", "{\"symbol\":\"PKA\",\"quantity\":3}");
                        request(peer, requests, replyQueue, "c-2", "{\"symbol\":\"PKA\",\"quantity\":-1}");

                        GetResponse first = await(peer, replyQueue);
                        GetResponse second = await(peer, replyQueue);
                        GetResponse priced = first.getProps().getCorrelationId().equals("c-1") ? first : second;
                        GetResponse failed = priced == first ? second : first;
                        assertThat(priced.getProps().getCorrelationId()).isEqualTo("c-1");
                        assertThat(priced.getProps().getContentType()).isEqualTo("application/json");
                        assertThat(body(priced)).isEqualTo("{\"symbol\":\"PKA\",\"cents\":450}");
                        assertThat(failed.getProps().getCorrelationId()).isEqualTo("c-2");
                        assertThat(body(failed))
                                .as("the error handler's answer")
                                .isEqualTo("error: negative quantity -1");

                        peer.channel().basicPublish("", audit, null, "login alice".getBytes(StandardCharsets.UTF_8));
                        peer.channel().waitForConfirmsOrDie(30_000);
                        assertThat(body(await(peer, results))).isEqualTo("audited login alice");
                    });
            assertThat(peer.messageCount(requests)).as("requests acked").isZero();
            assertThat(peer.messageCount(audit)).isZero();
            peer.delete(requests, audit, results);
        }
    }

    static class Silent {
        final AtomicReference<String> seen = new AtomicReference<>();

        @PikaListener(id = "silent", queues = "${test.requests}")
        String answer(String question) {
            seen.set(question);
            return "nobody asked";
        }
    }

    @Test
    void withoutReplyToOrSendToTheResultIsDroppedAndTheRequestAcked(TestBroker broker) throws Exception {
        String requests = broker.name("silent");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(requests);
            Silent silent = new Silent();
            runner(broker)
                    .withPropertyValues("test.requests=" + requests)
                    .withBean("silent", Silent.class, () -> silent)
                    .run(context -> {
                        peer.channel().basicPublish("", requests, null, "why?".getBytes(StandardCharsets.UTF_8));
                        peer.channel().waitForConfirmsOrDie(30_000);
                        org.awaitility.Awaitility.await()
                                .atMost(Duration.ofSeconds(30))
                                .until(() -> "why?".equals(silent.seen.get())
                                        && ListenerContexts.container(context, "silent")
                                                        .snapshot()
                                                        .inFlight()
                                                == 0);
                    });
            assertThat(peer.messageCount(requests)).isZero();
            peer.delete(requests);
        }
    }

    private static void request(
            ListenerContexts.Peer peer, String queue, String replyTo, String correlationId, String json)
            throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .replyTo(replyTo)
                .correlationId(correlationId)
                .build();
        peer.channel().basicPublish("", queue, properties, json.getBytes(StandardCharsets.UTF_8));
        peer.channel().waitForConfirmsOrDie(30_000);
    }

    private static GetResponse await(ListenerContexts.Peer peer, String queue) {
        AtomicReference<GetResponse> response = new AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            response.set(peer.channel().basicGet(queue, true));
            return response.get() != null;
        });
        return response.get();
    }

    private static String body(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
