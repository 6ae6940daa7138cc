package dev.pika.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.spring.autoconfigure.diagnostics.DeclarationFailureAnalyzer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class DeclarationTypesTest {

    @Test
    void buildersSetWhatTheySay() {
        Queue queue = Queue.durable("orders")
                .deadLetterExchange("dlx")
                .ttl(Duration.ofSeconds(5))
                .build();
        Exchange exchange = Exchange.topic("events")
                .autoDelete()
                .argument("alternate-exchange", "ae")
                .build();
        Binding binding = Binding.bind(queue).to(exchange).with("order.*");

        assertThat(queue)
                .isEqualTo(new Queue(
                        "orders",
                        true,
                        false,
                        false,
                        java.util.Map.of("x-dead-letter-exchange", "dlx", "x-message-ttl", 5000L)));
        assertThat(exchange.type()).isEqualTo("topic");
        assertThat(exchange.durable()).isTrue();
        assertThat(exchange.autoDelete()).isTrue();
        assertThat(binding.destination()).isEqualTo("orders");
        assertThat(binding.exchange()).isEqualTo("events");
        assertThat(binding.destinationType()).isEqualTo(Binding.DestinationType.QUEUE);
        assertThat(Binding.bind(exchange).to("upstream").noRoutingKey().destinationType())
                .isEqualTo(Binding.DestinationType.EXCHANGE);
    }

    @Test
    void anonymousQueuesHaveAUniqueNameChosenByTheClient() {
        Queue first = Queue.anonymous();
        Queue second = Queue.anonymous();

        assertThat(first.name()).startsWith(Queue.ANONYMOUS_PREFIX).isNotEqualTo(second.name());
        assertThat(first.exclusive()).isTrue();
        assertThat(first.autoDelete()).isTrue();
        assertThat(first.durable()).isFalse();
    }

    @Test
    void namesTheBrokerWouldRefuseAreRefusedHereWithTheFix() {
        assertThatThrownBy(() -> Queue.durable(" ").build()).hasMessageContaining("Queue.anonymous()");
        assertThatThrownBy(() -> Exchange.direct("").build()).hasMessageContaining("default exchange");
        assertThatThrownBy(() -> Exchange.direct("amq.direct").build()).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Binding.bindQueue("q").to("").with("k")).hasMessageContaining("implicit");
    }

    @Test
    void declarationsAreOrderedExchangesQueuesBindingsWithoutDuplicates() {
        Queue queue = Queue.durable("q").build();
        Exchange exchange = Exchange.fanout("x").build();
        Binding binding = Binding.bind(queue).to(exchange).noRoutingKey();

        List<Declarable> ordered = Declarations.ordered(List.of(binding, queue, exchange, queue));

        assertThat(ordered).containsExactly(exchange, queue, binding);
    }

    @Test
    void aDeclarationExceptionNamesTheEntityAndTheBrokersReply() {
        DeclarationException failure = new DeclarationException(
                "queue 'orders'",
                new ChannelClosedByBrokerException(406, "PRECONDITION_FAILED - inequivalent arg 'durable'"));

        assertThat(failure.getMessage())
                .isEqualTo("Declaring queue 'orders' failed: 406 PRECONDITION_FAILED - inequivalent arg 'durable'");
        assertThat(failure.replyCode()).isEqualTo(406);

        FailureAnalysis analysis = new DeclarationFailureAnalyzer().analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription()).contains("queue 'orders'", "406");
        assertThat(analysis.getAction()).contains("other settings");
    }

    @Test
    void publisherOptionsCheckTheirTimeoutsNamingTheProperty() {
        assertThat(PublisherOptions.defaults())
                .isEqualTo(new PublisherOptions(true, false, Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThatThrownBy(() ->
                        PublisherOptions.builder().confirmTimeout(Duration.ZERO).build())
                .hasMessageContaining("pika.publisher.confirm-timeout");
        assertThatThrownBy(() -> PublisherOptions.builder()
                        .shutdownTimeout(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("pika.publisher.shutdown-timeout");
    }
}
