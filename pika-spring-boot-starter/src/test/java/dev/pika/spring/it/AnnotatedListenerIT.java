package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import dev.pika.BasicProperties;
import dev.pika.spring.annotation.Exchange;
import dev.pika.spring.annotation.PikaHandler;
import dev.pika.spring.annotation.PikaListener;
import dev.pika.spring.annotation.Queue;
import dev.pika.spring.annotation.QueueBinding;
import dev.pika.spring.autoconfigure.PikaAnnotationDrivenAutoConfiguration;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionState;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.listener.Acknowledgement;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.adapter.PikaHeaders;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

/**
 * {@code @PikaListener} end to end against the broker: JSON to a POJO with headers, MANUAL acks from
 * another thread, class-level handlers chosen by payload type, and bindings declared at start and again
 * after a connection recovery.
 */
@PikaIntegrationTest
class AnnotatedListenerIT {

    record Order(String id, int quantity) {}

    record Refund(String orderId, long cents) {}

    static ApplicationContextRunner runner(TestBroker broker) {
        return ListenerContexts.runner(broker)
                .withConfiguration(AutoConfigurations.of(PikaAnnotationDrivenAutoConfiguration.class));
    }

    /** What a listener saw, and on which thread. */
    record Seen(Object payload, Map<String, Object> values, String thread) {}

    static class JsonListener {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @PikaListener(queues = "${test.queue}", concurrency = "2")
        void onOrder(
                Order order,
                @Header(PikaHeaders.RECEIVED_ROUTING_KEY) String routingKey,
                @Header(PikaHeaders.MESSAGE_ID) String messageId,
                @Header(PikaHeaders.REDELIVERED) boolean redelivered,
                @Header("tenant") String tenant,
                @Header("priority-class") int priorityClass,
                @Headers Map<String, Object> headers,
                PikaDelivery delivery) {
            seen.add(new Seen(
                    order,
                    Map.of(
                            "routingKey", routingKey,
                            "messageId", messageId,
                            "redelivered", redelivered,
                            "tenant", tenant,
                            "priorityClass", priorityClass,
                            "queueHeader", headers.get(PikaHeaders.CONSUMER_QUEUE),
                            "deliveryQueue", delivery.queue()),
                    Thread.currentThread().getName()));
        }
    }

    @Test
    void aJsonMessageFromAnotherClientArrivesAsAPojoWithItsHeadersOnAWorkerThread(TestBroker broker) throws Exception {
        String queue = broker.name("json");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            runner(broker)
                    .withPropertyValues("test.queue=" + queue)
                    .withBean("jsonListener", JsonListener.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                                .contentType("application/json")
                                .messageId("m-1")
                                .headers(Map.of("tenant", "acme", "priority-class", 3))
                                .build();
                        peer.channel()
                                .basicPublish(
                                        "",
                                        queue,
                                        properties,
                                        "{\"id\":\"o-1\",\"quantity\":7}".getBytes(StandardCharsets.UTF_8));
                        peer.channel().waitForConfirmsOrDie(30_000);

                        JsonListener listener = context.getBean(JsonListener.class);
                        await().atMost(Duration.ofSeconds(30)).until(() -> listener.seen.size() == 1);
                        Seen seen = listener.seen.get(0);
                        assertThat(seen.payload()).isEqualTo(new Order("o-1", 7));
                        assertThat(seen.values())
                                .containsEntry("routingKey", queue)
                                .containsEntry("messageId", "m-1")
                                .containsEntry("redelivered", false)
                                .containsEntry("tenant", "acme")
                                .containsEntry("priorityClass", 3)
                                .containsEntry("queueHeader", queue)
                                .containsEntry("deliveryQueue", queue);
                        assertThat(seen.thread()).startsWith("pika-listener-");
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> ListenerContexts.container(context, "jsonListener.onOrder")
                                                .snapshot()
                                                .inFlight()
                                        == 0);
                    });
            assertThat(peer.messageCount(queue)).as("acked").isZero();
            peer.delete(queue);
        }
    }

    static class ManualListener {
        final ExecutorService acker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-acker"));
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> ackThreads = new CopyOnWriteArrayList<>();

        @PikaListener(queues = "${test.queue}", ackMode = "MANUAL")
        void handle(String body, Acknowledgement acknowledgement) {
            received.add(body);
            acker.execute(() -> {
                ackThreads.add(Thread.currentThread().getName());
                if (body.equals("manual-2")) {
                    acknowledgement.nack(false);
                } else {
                    acknowledgement.ack();
                }
            });
        }
    }

    @Test
    void manualAcknowledgementsComeFromAnotherThread(TestBroker broker) throws Exception {
        String queue = broker.name("manual");
        String dlq = broker.name("manual-dlq");
        ManualListener listener = new ManualListener();
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(dlq);
            peer.declare(queue, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
            peer.publish(queue, "manual-", 5);
            runner(broker)
                    .withPropertyValues("test.queue=" + queue)
                    .withBean("manualListener", ManualListener.class, () -> listener)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        await().atMost(Duration.ofSeconds(30)).until(() -> listener.ackThreads.size() == 5);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> ListenerContexts.container(context, "manualListener.handle")
                                                .snapshot()
                                                .inFlight()
                                        == 0);
                    });
            listener.acker.shutdown();
            assertThat(listener.acker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.received)
                    .containsExactlyInAnyOrder("manual-0", "manual-1", "manual-2", "manual-3", "manual-4");
            assertThat(listener.ackThreads).containsOnly("test-acker");
            assertThat(peer.messageCount(queue))
                    .as("acked from the other thread, so nothing returned to the queue at close")
                    .isZero();
            if (broker.isRabbitMq()) {
                assertThat(peer.messageCount(dlq))
                        .as("the one nacked without requeue")
                        .isEqualTo(1);
            }
            peer.delete(queue, dlq);
        }
    }

    @PikaListener(id = "typed", queues = "${test.queue}")
    static class TypedListener {
        final List<Object> calls = new CopyOnWriteArrayList<>();

        @PikaHandler
        void order(Order order) {
            calls.add(order);
        }

        @PikaHandler
        void refund(Refund refund, @Header(PikaHeaders.CONSUMER_QUEUE) String queue) {
            calls.add(refund);
        }

        @PikaHandler(isDefault = true)
        void anythingElse(String text) {
            calls.add("text:" + text);
        }
    }

    @Test
    void aClassLevelListenerGetsEachPayloadTypeInItsOwnHandler(TestBroker broker) throws Exception {
        String queue = broker.name("typed");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker)) {
            peer.declare(queue);
            runner(broker)
                    .withPropertyValues("test.queue=" + queue, "pika.listener.concurrency=1")
                    .withBean("typedListener", TypedListener.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        PikaTemplate template = context.getBean(PikaTemplate.class);
                        Duration confirm = Duration.ofSeconds(30);
                        template.convertAndSend("", queue, new Order("o-9", 1)).get(30, TimeUnit.SECONDS);
                        template.convertAndSend("", queue, new Refund("o-9", 250))
                                .get(30, TimeUnit.SECONDS);
                        template.convertAndSend("", queue, "hello").get(30, TimeUnit.SECONDS);
                        template.sendAndWait(
                                "",
                                queue,
                                "{\"orderId\":\"o-8\",\"cents\":5}".getBytes(StandardCharsets.UTF_8),
                                BasicProperties.builder()
                                        .contentType("application/json")
                                        .header("__TypeId__", Refund.class.getName())
                                        .build(),
                                confirm);
                        TypedListener listener = context.getBean(TypedListener.class);
                        await().atMost(Duration.ofSeconds(30)).until(() -> listener.calls.size() == 4);
                        assertThat(listener.calls)
                                .as("in order: concurrency 1")
                                .containsExactly(
                                        new Order("o-9", 1),
                                        new Refund("o-9", 250),
                                        "text:hello",
                                        new Refund("o-8", 5));
                    });
            peer.delete(queue);
        }
    }

    static class BoundListener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @PikaListener(
                id = "bound",
                bindings =
                        @QueueBinding(
                                value = @Queue, // server-side exclusive and auto-delete: gone with the connection
                                exchange =
                                        @Exchange(
                                                value = "${test.exchange}",
                                                type = "topic",
                                                durable = "false",
                                                autoDelete = "true"),
                                key = "order.#"))
        void handle(String body) {
            received.add(body);
        }
    }

    @Test
    void bindingsAreDeclaredAtStartAndAgainAfterTheConnectionRecovers(TestBroker broker) throws Exception {
        String exchange = broker.name("events");
        try (ListenerContexts.Peer peer = new ListenerContexts.Peer(broker);
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + proxy.host() + ":"
                    + proxy.port() + "/%2F";
            runner(broker)
                    .withPropertyValues(
                            "pika.url=" + uri,
                            "test.exchange=" + exchange,
                            "pika.recovery.initial-interval=200ms",
                            "pika.recovery.max-interval=1s",
                            "pika.recovery.jitter=0")
                    .withBean("boundListener", BoundListener.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        BoundListener listener = context.getBean(BoundListener.class);
                        publish(peer, exchange, "order.created", "before");
                        publish(peer, exchange, "refund.created", "not bound");
                        await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("before"));

                        proxy.cutAll(CutMode.RESET);
                        PikaConnectionFactory connections = context.getBean(PikaConnectionFactory.class);
                        await().atMost(Duration.ofSeconds(60))
                                .until(() -> connections.getConnection().state() == PikaConnectionState.OPEN
                                        && ListenerContexts.container(context, "bound")
                                                .snapshot()
                                                .isConsuming());
                        // the exclusive queue died with the old connection: only a re-declared, re-bound
                        // queue gets this one
                        await().atMost(Duration.ofSeconds(60))
                                .pollInterval(Duration.ofMillis(500))
                                .until(() -> {
                                    publish(peer, exchange, "order.shipped", "after");
                                    return listener.received.contains("after");
                                });
                        assertThat(listener.received).doesNotContain("not bound");
                    });
            peer.channel().exchangeDelete(exchange);
        }
    }

    private static void publish(ListenerContexts.Peer peer, String exchange, String key, String body) throws Exception {
        peer.channel().basicPublish(exchange, key, null, body.getBytes(StandardCharsets.UTF_8));
        peer.channel().waitForConfirmsOrDie(30_000);
    }
}
