package dev.pika.spring.listener.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;
import dev.pika.spring.converter.JacksonJsonMessageConverter;
import dev.pika.spring.core.Message;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.RejectMessageException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

/** Argument resolution, handler choice, error handler and reply routing, on fake deliveries. */
@ExtendWith(OutputCaptureExtension.class)
class MethodListenerAdapterTest {

    record Order(String id, int quantity) {}

    record Refund(String orderId) {}

    private final JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter();
    private final List<Sent> sent = new ArrayList<>();
    private final ReplySender replies = new ReplySender(
            (exchange, routingKey, message) -> {
                sent.add(new Sent(exchange, routingKey, message));
                return CompletableFuture.completedFuture(null);
            },
            converter,
            Duration.ofSeconds(5));

    record Sent(String exchange, String routingKey, Message message) {}

    static PikaDelivery delivery(Message message) {
        return new PikaDelivery(
                new Basic.Deliver("ctag-1", 42, true, "orders.x", "order.created"),
                message.properties(),
                message.body(),
                "orders.q");
    }

    PikaDelivery json(Object payload, BasicProperties.Builder properties) {
        return delivery(converter.toMessage(payload, properties.build()));
    }

    static Method method(Class<?> type, String name) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    MethodListenerAdapter adapter(Object bean, String methodName) {
        return MethodListenerAdapter.builder("test", converter)
                .replySender(replies)
                .forMethod(InvocableListenerMethod.forListener(bean, method(bean.getClass(), methodName)));
    }

    static class Everything {
        final AtomicReference<Object[]> args = new AtomicReference<>();

        void all(
                Order order,
                @Header(PikaHeaders.RECEIVED_ROUTING_KEY) String routingKey,
                @Header(PikaHeaders.DELIVERY_TAG) long tag,
                @Header(PikaHeaders.REDELIVERED) boolean redelivered,
                @Header(PikaHeaders.MESSAGE_ID) String messageId,
                @Header(PikaHeaders.CORRELATION_ID) String correlationId,
                @Header(PikaHeaders.REPLY_TO) String replyTo,
                @Header(PikaHeaders.TIMESTAMP) Instant timestamp,
                @Header("tenant") String tenant,
                @Header("attempt") int attempt,
                @Header(name = "missing", required = false) String missing,
                @Header(name = "region", defaultValue = "eu") String region,
                @Headers Map<String, Object> headers,
                PikaDelivery delivery,
                BasicProperties properties,
                Basic.Deliver deliver,
                Message message) {
            args.set(new Object[] {
                order,
                routingKey,
                tag,
                redelivered,
                messageId,
                correlationId,
                replyTo,
                timestamp,
                tenant,
                attempt,
                missing,
                region,
                headers,
                delivery,
                properties,
                deliver,
                message
            });
        }
    }

    @Test
    void everyArgumentKindIsResolvedFromTheDelivery() throws Exception {
        Everything bean = new Everything();
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        PikaDelivery delivery = json(
                new Order("o-1", 3),
                BasicProperties.builder()
                        .messageId("m-1")
                        .correlationId("c-1")
                        .replyTo("replies")
                        .timestamp(now)
                        .header("tenant", "acme")
                        .header("attempt", "2"));

        adapter(bean, "all").onMessage(delivery, null);

        Object[] args = bean.args.get();
        assertThat(args[0]).isEqualTo(new Order("o-1", 3));
        assertThat(args[1]).isEqualTo("order.created");
        assertThat(args[2]).isEqualTo(42L);
        assertThat(args[3]).isEqualTo(true);
        assertThat(args[4]).isEqualTo("m-1");
        assertThat(args[5]).isEqualTo("c-1");
        assertThat(args[6]).isEqualTo("replies");
        assertThat(args[7]).isEqualTo(now);
        assertThat(args[8]).isEqualTo("acme");
        assertThat(args[9]).as("String header converted to int").isEqualTo(2);
        assertThat(args[10]).isNull();
        assertThat(args[11]).isEqualTo("eu");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) args[12];
        assertThat(headers)
                .containsEntry("tenant", "acme")
                .containsEntry(PikaHeaders.CONSUMER_QUEUE, "orders.q")
                .containsEntry(PikaHeaders.RECEIVED_EXCHANGE, "orders.x")
                .containsEntry(PikaHeaders.CONTENT_TYPE, "application/json")
                .containsEntry(JacksonJsonMessageConverter.TYPE_ID_HEADER, Order.class.getName());
        assertThat(args[13]).isSameAs(delivery);
        assertThat(args[14]).isSameAs(delivery.properties());
        assertThat(args[15]).isSameAs(delivery.deliver());
        assertThat(((Message) args[16]).body()).isSameAs(delivery.body());
    }

    static class Payloads {
        final List<Object> seen = new ArrayList<>();

        void text(String text) {
            seen.add(text);
        }

        void bytes(@Payload byte[] body) {
            seen.add(body);
        }

        void list(List<Order> orders) {
            seen.add(orders);
        }

        void manual(Order order, Acknowledgement acknowledgement) {
            seen.add(acknowledgement);
            acknowledgement.ack();
        }
    }

    @Test
    void payloadsConvertToStringBytesGenericTypesAndTheAcknowledgementIsPassedThrough() throws Exception {
        Payloads bean = new Payloads();
        adapter(bean, "text").onMessage(delivery(converter.toMessage("héllo", null)), null);
        byte[] raw = {1, 2, 3};
        adapter(bean, "bytes").onMessage(delivery(converter.toMessage(raw, null)), null);
        adapter(bean, "list")
                .onMessage(delivery(converter.toMessage(List.of(new Order("a", 1), new Order("b", 2)), null)), null);
        RecordingAcknowledgement ack = new RecordingAcknowledgement();
        adapter(bean, "manual").onMessage(json(new Order("c", 1), BasicProperties.builder()), ack);

        assertThat(bean.seen.get(0)).isEqualTo("héllo");
        assertThat(bean.seen.get(1)).isEqualTo(raw);
        assertThat(bean.seen.get(2)).isEqualTo(List.of(new Order("a", 1), new Order("b", 2)));
        assertThat(bean.seen.get(3)).isSameAs(ack);
        assertThat(ack.isSettled()).isTrue();
    }

    @Test
    void aBodyThatDoesNotConvertIsRejectedWithoutCallingTheMethodOrTheErrorHandler() {
        Payloads bean = new Payloads();
        List<Throwable> handled = new ArrayList<>();
        MethodListenerAdapter adapter = MethodListenerAdapter.builder("orders", converter)
                .errorHandler((delivery, exception) -> {
                    handled.add(exception);
                    return null;
                })
                .forMethod(InvocableListenerMethod.forListener(bean, method(Payloads.class, "manual")));
        PikaDelivery garbage = delivery(new Message(
                "{not json".getBytes(StandardCharsets.UTF_8),
                BasicProperties.builder().contentType("application/json").build()));

        assertThatThrownBy(() -> adapter.onMessage(garbage, new RecordingAcknowledgement()))
                .isInstanceOf(UnresolvableArgumentException.class)
                .isInstanceOf(RejectMessageException.class)
                .hasMessageContaining("Listener 'orders' cannot convert")
                .hasMessageContaining(Order.class.getSimpleName())
                .hasMessageContaining("rejected without retry");
        assertThat(bean.seen).isEmpty();
        assertThat(handled).isEmpty();
    }

    static class NeedsHeader {
        void handle(String body, @Header("tenant") String tenant) {}

        void number(String body, @Header("attempt") int attempt) {}
    }

    @Test
    void aMissingRequiredHeaderOrAnUnconvertibleHeaderIsRejected() {
        PikaDelivery plain = delivery(converter.toMessage(
                "x", BasicProperties.builder().header("attempt", "many").build()));
        assertThatThrownBy(() -> adapter(new NeedsHeader(), "handle").onMessage(plain, null))
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessageContaining("needs header 'tenant'");
        assertThatThrownBy(() -> adapter(new NeedsHeader(), "number").onMessage(plain, null))
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessageContaining("cannot convert header 'attempt'");
    }

    static class BadSignatures {
        void twoPayloads(String a, String b) {}

        void headersNotMap(@Headers String headers) {}

        void primitiveOptional(@Header(name = "x", required = false) int x) {}

        void springMessage(org.springframework.messaging.Message<String> message) {}

        void payloadExpression(@Payload("foo") String foo) {}

        CompletableFuture<String> async(String in) {
            return CompletableFuture.completedFuture(in);
        }
    }

    @Test
    void signaturesTheAdapterCannotServeAreRefusedAtConstruction() {
        assertThatThrownBy(() -> InvocableListenerMethod.forListener(
                        new BadSignatures(), method(BadSignatures.class, "twoPayloads")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one payload parameter");
        assertThatThrownBy(() -> InvocableListenerMethod.forListener(
                        new BadSignatures(), method(BadSignatures.class, "headersNotMap")))
                .hasMessageContaining("@Headers needs a Map");
        assertThatThrownBy(() -> InvocableListenerMethod.forListener(
                        new BadSignatures(), method(BadSignatures.class, "primitiveOptional")))
                .hasMessageContaining("use Integer");
        assertThatThrownBy(() -> InvocableListenerMethod.forListener(
                        new BadSignatures(), method(BadSignatures.class, "springMessage")))
                .hasMessageContaining("take the PikaDelivery");
        assertThatThrownBy(() -> InvocableListenerMethod.forListener(
                        new BadSignatures(), method(BadSignatures.class, "payloadExpression")))
                .hasMessageContaining("@Payload expressions are not supported");
        assertThatThrownBy(() ->
                        InvocableListenerMethod.forListener(new BadSignatures(), method(BadSignatures.class, "async")))
                .hasMessageContaining("returns a CompletableFuture");
    }

    static class Replying {
        Order echo(Order order) {
            return new Order(order.id(), order.quantity() * 2);
        }

        String nothing(String in) {
            return null;
        }

        String fails(String in) {
            throw new IllegalStateException("boom: " + in);
        }
    }

    @Test
    void theReplyGoesToReplyToWithTheCorrelationIdElseToSendToElseItIsDropped(CapturedOutput output) throws Exception {
        Method echo = method(Replying.class, "echo");
        MethodListenerAdapter adapter = MethodListenerAdapter.builder("rpc", converter)
                .replySender(replies)
                .sendTo(ReplyDestination.parse("results.x/order.doubled"))
                .forMethod(InvocableListenerMethod.forListener(new Replying(), echo));

        adapter.onMessage(
                json(
                        new Order("o", 2),
                        BasicProperties.builder().replyTo("amq.gen-1").correlationId("c-9")),
                null);
        adapter.onMessage(json(new Order("p", 5), BasicProperties.builder().correlationId("c-10")), null);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).exchange()).isEmpty();
        assertThat(sent.get(0).routingKey()).isEqualTo("amq.gen-1");
        assertThat(sent.get(0).message().properties().correlationId()).isEqualTo("c-9");
        assertThat(converter.fromMessage(sent.get(0).message(), Order.class)).isEqualTo(new Order("o", 4));
        assertThat(sent.get(1).exchange()).isEqualTo("results.x");
        assertThat(sent.get(1).routingKey()).isEqualTo("order.doubled");
        assertThat(sent.get(1).message().properties().correlationId()).isEqualTo("c-10");

        MethodListenerAdapter noDestination = adapter(new Replying(), "echo");
        noDestination.onMessage(json(new Order("q", 1), BasicProperties.builder()), null);
        noDestination.onMessage(json(new Order("r", 1), BasicProperties.builder()), null);
        String warning = "Listener 'test' returned a " + Order.class.getName();
        assertThat(output.getOut().split(java.util.regex.Pattern.quote(warning), -1))
                .as("the dropped result is logged once per listener")
                .hasSize(2);
        adapter(new Replying(), "nothing")
                .onMessage(
                        delivery(converter.toMessage(
                                "x", BasicProperties.builder().replyTo("r").build())),
                        null);
        assertThat(sent).as("no destination, or a null result: nothing sent").hasSize(2);
    }

    @Test
    void theErrorHandlerMayAnswerInsteadOfTheMethodOrRethrow() throws Exception {
        MethodListenerAdapter answering = MethodListenerAdapter.builder("errors", converter)
                .replySender(replies)
                .errorHandler((delivery, exception) -> "handled " + exception.getMessage())
                .forMethod(InvocableListenerMethod.forListener(new Replying(), method(Replying.class, "fails")));
        answering.onMessage(
                delivery(converter.toMessage(
                        "x", BasicProperties.builder().replyTo("r").build())),
                null);
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.routingKey()).isEqualTo("r");
            assertThat(new String(s.message().body(), StandardCharsets.UTF_8)).isEqualTo("handled boom: x");
        });

        MethodListenerAdapter rethrowing = MethodListenerAdapter.builder("errors", converter)
                .errorHandler((delivery, exception) -> {
                    throw new RejectMessageException("no", exception);
                })
                .forMethod(InvocableListenerMethod.forListener(new Replying(), method(Replying.class, "fails")));
        assertThatThrownBy(() -> rethrowing.onMessage(delivery(converter.toMessage("y", null)), null))
                .isInstanceOf(RejectMessageException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);

        MethodListenerAdapter plain = adapter(new Replying(), "fails");
        assertThatThrownBy(() -> plain.onMessage(delivery(converter.toMessage("z", null)), null))
                .as("without an error handler the method's exception reaches the container unchanged")
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("boom: z");
    }

    @Test
    void aReplyThatIsNotConfirmedFailsTheDelivery() {
        ReplySender nacking = new ReplySender(
                (exchange, routingKey, message) ->
                        CompletableFuture.failedFuture(new IllegalStateException("nacked by the broker")),
                converter,
                Duration.ofSeconds(5));
        MethodListenerAdapter adapter = MethodListenerAdapter.builder("rpc", converter)
                .replySender(nacking)
                .forMethod(InvocableListenerMethod.forListener(new Replying(), method(Replying.class, "echo")));
        assertThatThrownBy(() -> adapter.onMessage(
                        json(new Order("o", 1), BasicProperties.builder().replyTo("r")), null))
                .isInstanceOf(ListenerReplyException.class)
                .hasMessageContaining("could not publish its reply to (default exchange)/r");
    }

    static class Handlers {
        final List<String> calls = new ArrayList<>();

        void order(Order order) {
            calls.add("order " + order.id());
        }

        void refund(Refund refund) {
            calls.add("refund " + refund.orderId());
        }

        void text(String text) {
            calls.add("text " + text);
        }

        void other(PikaDelivery delivery) {
            calls.add("default " + delivery.body().length);
        }
    }

    @Test
    void classLevelHandlersAreChosenByPayloadType() throws Exception {
        Handlers bean = new Handlers();
        List<InvocableListenerMethod> handlers = new ArrayList<>();
        for (String name : List.of("order", "refund", "text", "other")) {
            handlers.add(InvocableListenerMethod.forListener(bean, method(Handlers.class, name)));
        }
        MethodListenerAdapter adapter =
                MethodListenerAdapter.builder("handlers", converter).forHandlers(handlers, handlers.get(3));

        adapter.onMessage(json(new Order("o-1", 1), BasicProperties.builder()), null);
        adapter.onMessage(json(new Refund("o-2"), BasicProperties.builder()), null);
        adapter.onMessage(delivery(converter.toMessage("hello", null)), null);
        adapter.onMessage(delivery(converter.toMessage(new byte[] {9, 9}, null)), null);

        assertThat(bean.calls).containsExactly("order o-1", "refund o-2", "text hello", "default 2");

        MethodListenerAdapter withoutDefault =
                MethodListenerAdapter.builder("handlers", converter).forHandlers(handlers.subList(0, 3), null);
        assertThatThrownBy(() -> withoutDefault.onMessage(delivery(converter.toMessage(new byte[] {1}, null)), null))
                .isInstanceOf(UnresolvableArgumentException.class)
                .hasMessageContaining("no @PikaHandler takes a [B")
                .hasMessageContaining("isDefault = true");
        assertThatThrownBy(() -> MethodListenerAdapter.builder("handlers", converter)
                        .forHandlers(List.of(handlers.get(0), handlers.get(0)), null))
                .hasMessageContaining("both take a " + Order.class.getName());
    }

    static final class RecordingAcknowledgement implements Acknowledgement {
        private volatile boolean settled;

        @Override
        public void ack() {
            settled = true;
        }

        @Override
        public void nack(boolean requeue) {
            settled = true;
        }

        @Override
        public boolean isSettled() {
            return settled;
        }
    }
}
