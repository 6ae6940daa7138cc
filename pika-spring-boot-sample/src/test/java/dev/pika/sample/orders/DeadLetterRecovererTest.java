package dev.pika.sample.orders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pika.BasicProperties;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Basic;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RequeueMessageException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DeadLetterRecovererTest {

    private final PikaTemplate template = mock(PikaTemplate.class);
    private final OrderStats stats = new OrderStats();
    private final DeadLetterRecoverer recoverer = new DeadLetterRecoverer(template, TestProperties.defaults(), stats);

    private final byte[] body = "{\"orderId\":\"o-7\",\"quantity\":0}".getBytes(UTF_8);
    private final PikaDelivery delivery = new PikaDelivery(
            new Basic.Deliver("ctag", 42, true, "orders", "order.created"),
            BasicProperties.builder()
                    .messageId("o-7")
                    .contentType("application/json")
                    .header("__TypeId__", Order.class.getName())
                    .build(),
            body,
            "orders");

    @Test
    void republishesTheOriginalWithTheFailureInHeadersThenCountsTheOrderAsFailed() {
        when(template.send(anyString(), anyString(), any(byte[].class), any(BasicProperties.class)))
                .thenReturn(CompletableFuture.completedFuture(null));

        recoverer.recover(delivery, "orders", new InvalidOrderException("o-7", "quantity must be at least 1, was 0"));

        ArgumentCaptor<BasicProperties> properties = ArgumentCaptor.forClass(BasicProperties.class);
        verify(template).send(eq(""), eq("orders.dlq"), eq(body), properties.capture());
        BasicProperties sent = properties.getValue();
        assertThat(sent.messageId()).isEqualTo("o-7");
        assertThat(sent.contentType()).isEqualTo("application/json");
        Map<String, Object> headers = sent.headers();
        assertThat(headers)
                .containsEntry("__TypeId__", Order.class.getName())
                .containsEntry(DeadLetterRecoverer.EXCEPTION_TYPE, InvalidOrderException.class.getName())
                .containsEntry(DeadLetterRecoverer.ORIGINAL_QUEUE, "orders")
                .containsEntry(DeadLetterRecoverer.ORIGINAL_EXCHANGE, "orders")
                .containsEntry(DeadLetterRecoverer.ORIGINAL_ROUTING_KEY, "order.created")
                .containsEntry(DeadLetterRecoverer.LISTENER_ID, "orders")
                .containsKey(DeadLetterRecoverer.FAILED_AT);
        assertThat(headers.get(DeadLetterRecoverer.EXCEPTION_MESSAGE).toString())
                .isEqualTo("Order o-7 is invalid: quantity must be at least 1, was 0");
        assertThat(stats.status("o-7")).contains(OrderStatus.FAILED);
    }

    @Test
    void requeuesTheOrderWhenTheRepublishIsNotConfirmed() {
        when(template.send(anyString(), anyString(), any(byte[].class), any(BasicProperties.class)))
                .thenReturn(CompletableFuture.failedFuture(new StreamLostException("Stream connection lost")));

        assertThatThrownBy(() -> recoverer.recover(delivery, "orders", new InvalidOrderException("o-7", "bad")))
                .isInstanceOf(RequeueMessageException.class)
                .hasMessageContaining("orders.dlq")
                .hasCauseInstanceOf(StreamLostException.class);
        assertThat(stats.isDone("o-7"))
                .as("not counted as failed: it will come back")
                .isFalse();
    }

    @Test
    void passesARequeueFromTheListenerOn() {
        RequeueMessageException requeue = new RequeueMessageException("stopping");

        assertThatThrownBy(() -> recoverer.recover(delivery, "orders", requeue)).isSameAs(requeue);
        verify(template, never()).send(anyString(), anyString(), any(byte[].class), any(BasicProperties.class));
    }

    @Test
    void describesTheCauseChainWithinBounds() {
        Exception cause = new IllegalStateException("outer", new IllegalArgumentException("inner"));
        assertThat(DeadLetterRecoverer.describe(cause))
                .isEqualTo("outer; caused by java.lang.IllegalArgumentException: inner");

        String huge = "x".repeat(10_000);
        assertThat(DeadLetterRecoverer.describe(new RuntimeException(huge)))
                .hasSize(DeadLetterRecoverer.MAX_MESSAGE_LENGTH);
    }
}
