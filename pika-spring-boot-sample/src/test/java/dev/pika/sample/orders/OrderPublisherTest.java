package dev.pika.sample.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.converter.MessageConversionException;
import dev.pika.spring.core.Message;
import dev.pika.spring.core.MessagePostProcessor;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublisherStoppedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class OrderPublisherTest {

    private final PikaTemplate template = mock(PikaTemplate.class);
    private final OrderStats stats = new OrderStats();
    private final Order order = new Order("o-1", "book", 2, Instant.now());

    @Test
    void publishesPersistentJsonWithTheOrderIdAsMessageIdAndCountsItOnceConfirmed() throws Exception {
        CompletableFuture<Void> confirm = new CompletableFuture<>();
        when(template.convertAndSend(eq("orders"), eq("order.created"), eq(order), any(MessagePostProcessor.class)))
                .thenReturn(confirm);
        OrderPublisher publisher = new OrderPublisher(template, TestProperties.defaults(), stats);

        CompletableFuture<Void> result = publisher.publish(order);
        assertThat(result).isNotDone();
        assertThat(stats.status("o-1"))
                .as("not accepted before the broker confirms")
                .isEmpty();
        confirm.complete(null);

        result.get(10, TimeUnit.SECONDS);
        assertThat(stats.status("o-1")).contains(OrderStatus.ACCEPTED);
        ArgumentCaptor<MessagePostProcessor> postProcessor = ArgumentCaptor.forClass(MessagePostProcessor.class);
        verify(template).convertAndSend(eq("orders"), eq("order.created"), eq(order), postProcessor.capture());
        Message sent = postProcessor
                .getValue()
                .postProcess(new Message(
                        new byte[0],
                        BasicProperties.builder()
                                .contentType("application/json")
                                .build()));
        assertThat(sent.properties().deliveryMode()).isEqualTo(DeliveryMode.PERSISTENT.value());
        assertThat(sent.properties().messageId()).isEqualTo("o-1");
        assertThat(sent.properties().contentType()).isEqualTo("application/json");
    }

    @Test
    void triesAgainWhileTheConnectionIsRecovering() throws Exception {
        when(template.convertAndSend(any(), any(), any(), any(MessagePostProcessor.class)))
                .thenReturn(CompletableFuture.failedFuture(unavailable()))
                .thenReturn(CompletableFuture.failedFuture(unavailable()))
                .thenReturn(CompletableFuture.completedFuture(null));
        OrderPublisher publisher = new OrderPublisher(template, TestProperties.defaults(), stats);

        publisher.publish(order).get(30, TimeUnit.SECONDS);

        verify(template, times(3)).convertAndSend(any(), any(), any(), any(MessagePostProcessor.class));
        assertThat(stats.status("o-1")).contains(OrderStatus.ACCEPTED);
    }

    @Test
    void givesUpAfterThePublishTimeoutWithTheLastFailure() {
        when(template.convertAndSend(any(), any(), any(), any(MessagePostProcessor.class)))
                .thenAnswer(invocation -> CompletableFuture.failedFuture(unavailable()));
        OrderPublisher publisher =
                new OrderPublisher(template, TestProperties.withPublishTimeout(Duration.ofMillis(600)), stats);

        CompletableFuture<Void> result = publisher.publish(order);

        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionUnavailableException.class);
        assertThat(stats.status("o-1")).isEmpty();
    }

    @Test
    void doesNotRetryWhatCannotSucceed() {
        when(template.convertAndSend(any(), any(), any(), any(MessagePostProcessor.class)))
                .thenReturn(CompletableFuture.failedFuture(new PublisherStoppedException("stopping")))
                .thenReturn(CompletableFuture.failedFuture(new MessageConversionException("no JSON")));
        OrderPublisher publisher = new OrderPublisher(template, TestProperties.defaults(), stats);

        assertThatThrownBy(() -> publisher.publish(order).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PublisherStoppedException.class);
        assertThatThrownBy(() -> publisher.publish(order).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MessageConversionException.class);
        verify(template, times(2)).convertAndSend(any(), any(), any(), any(MessagePostProcessor.class));
    }

    private static ConnectionUnavailableException unavailable() {
        return new ConnectionUnavailableException("orders-sample", PikaConnectionState.RECOVERING, null);
    }
}
