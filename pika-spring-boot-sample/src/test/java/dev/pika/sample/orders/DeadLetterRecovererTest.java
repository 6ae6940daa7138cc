package dev.pika.sample.orders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.pika.BasicProperties;
import dev.pika.exceptions.StreamLostException;
import dev.pika.spec.Basic;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RequeueMessageException;
import dev.pika.spring.listener.retry.RepublishMessageRecoverer;
import java.time.Duration;
import java.util.Map;
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
        recoverer.recover(delivery, "orders", new InvalidOrderException("o-7", "quantity must be at least 1, was 0"));

        ArgumentCaptor<BasicProperties> properties = ArgumentCaptor.forClass(BasicProperties.class);
        verify(template)
                .sendAndWait(eq(""), eq("orders.dlq"), eq(body), properties.capture(), eq(Duration.ofSeconds(20)));
        BasicProperties sent = properties.getValue();
        assertThat(sent.messageId()).isEqualTo("o-7");
        assertThat(sent.contentType()).isEqualTo("application/json");
        Map<String, Object> headers = sent.headers();
        assertThat(headers)
                .containsEntry("__TypeId__", Order.class.getName())
                .containsEntry(
                        RepublishMessageRecoverer.EXCEPTION_MESSAGE,
                        "Order o-7 is invalid: quantity must be at least 1, was 0")
                .containsEntry(RepublishMessageRecoverer.ORIGINAL_QUEUE, "orders")
                .containsEntry(RepublishMessageRecoverer.ORIGINAL_EXCHANGE, "orders")
                .containsEntry(RepublishMessageRecoverer.ORIGINAL_ROUTING_KEY, "order.created")
                .containsEntry(RepublishMessageRecoverer.LISTENER_ID, "orders");
        assertThat(headers.get(RepublishMessageRecoverer.EXCEPTION_STACKTRACE).toString())
                .startsWith(InvalidOrderException.class.getName() + ": Order o-7 is invalid");
        assertThat(stats.status("o-7")).contains(OrderStatus.FAILED);
    }

    @Test
    void requeuesTheOrderWhenTheRepublishIsNotConfirmed() {
        doThrow(new StreamLostException("Stream connection lost"))
                .when(template)
                .sendAndWait(
                        anyString(), anyString(), any(byte[].class), any(BasicProperties.class), any(Duration.class));

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
        verify(template, never())
                .sendAndWait(
                        anyString(), anyString(), any(byte[].class), any(BasicProperties.class), any(Duration.class));
    }
}
