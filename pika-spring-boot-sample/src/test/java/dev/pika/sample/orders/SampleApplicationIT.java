package dev.pika.sample.orders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.pika.spring.listener.retry.RepublishMessageRecoverer;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.rabbitmqctl.ConnectionInfo;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

/**
 * Runs the packaged sample as a process, the way a newcomer does: 50 orders (one poison) on the embedded
 * broker and on RabbitMQ, then a broker-side connection close while orders flow. Processing time and
 * retry waits are shortened on the command line; everything else is the shipped {@code application.yml}.
 */
@PikaIntegrationTest
class SampleApplicationIT {

    private static final int ORDERS = 50;
    private static final int ORDERS_AFTER_CUT = 30;
    private static final Duration PROCESSING = Duration.ofMinutes(2);

    /** Shortened for tests; the shipped defaults are 5 s of work and 500 ms before the first retry. */
    private static final Map<String, String> FAST = Map.of(
            "sample.orders.processing-time", "100ms",
            "pika.listener.retry.initial-interval", "100ms",
            "pika.listener.retry.max-interval", "200ms");

    @Test
    void processesOrdersOnTheEmbeddedBrokerWhenNoUrlIsGiven(TestInfo test) throws Exception {
        int brokerPort = freePort(); // fixed here only so that the test can look into the dead-letter queue
        List<String> arguments = arguments(Map.of("pika.embedded.port", Integer.toString(brokerPort)));
        try (SampleAppProcess app = SampleAppProcess.start(name(test), Map.of(), arguments)) {
            assertThat(app.log())
                    .contains("Broker: embedded Apache Qpid Broker-J on amqp://127.0.0.1:" + brokerPort
                            + "/ (in memory, messages are lost at shutdown), started because no pika.url / PIKA_URL"
                            + " is set. To use RabbitMQ instead, set PIKA_URL=amqp://guest:guest@localhost:5672/%2F");

            runFiftyOrders(app, "orders", "orders-sample");

            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(brokerPort);
            assertDeadLettered(factory, "orders", "orders.dlq");
            assertThat(app.shutdown()).as("exit code; log: %s", app.logFile()).isZero();
        }
    }

    @Test
    @RequiresRabbitMq("the sample's RabbitMQ mode, started with PIKA_URL")
    void processesOrdersOnRabbitMqWithPikaUrl(TestBroker broker, TestInfo test) throws Exception {
        String queue = broker.name("orders");
        String deadLetters = broker.name("dlq");
        String connectionName = broker.name("conn");
        List<String> arguments = arguments(Map.of(
                "sample.orders.exchange", broker.name("exchange"),
                "sample.orders.queue", queue,
                "sample.orders.dead-letter-queue", deadLetters,
                "pika.connection-name", connectionName));
        try (SampleAppProcess app = SampleAppProcess.start(name(test), Map.of("PIKA_URL", broker.uri()), arguments)) {
            assertThat(app.log())
                    .contains("Broker: amqp://" + broker.host() + ":" + broker.port())
                    .contains("from pika.url (PIKA_URL); the embedded broker is not started")
                    .doesNotContain("Qpid");

            runFiftyOrders(app, queue, connectionName);

            assertDeadLettered(broker.amqpClientConnectionFactory(), queue, deadLetters);
            assertThat(app.shutdown()).as("exit code; log: %s", app.logFile()).isZero();
        }
    }

    @Test
    @RequiresRabbitMqCtl("closes the sample's connection from the broker side while orders flow")
    void recoversFromABrokerClosedConnectionAndProcessesEveryAcceptedOrder(TestBroker broker, TestInfo test)
            throws Exception {
        String connectionName = broker.name("conn");
        String queue = broker.name("orders");
        List<String> arguments = arguments(Map.of(
                "sample.orders.processing-time",
                "300ms",
                "sample.orders.concurrency",
                "4",
                "sample.orders.prefetch",
                "8",
                "sample.orders.exchange",
                broker.name("exchange"),
                "sample.orders.queue",
                queue,
                "sample.orders.dead-letter-queue",
                broker.name("dlq"),
                "pika.connection-name",
                connectionName));
        ExecutorService poster = Executors.newSingleThreadExecutor();
        try (SampleAppProcess app = SampleAppProcess.start(name(test), Map.of("PIKA_URL", broker.uri()), arguments)) {
            // Found before the orders flow: rabbitmqctl takes seconds per call on a loaded machine.
            RabbitMqCtl rabbitMqCtl = RabbitMqCtl.local();
            List<ConnectionInfo> ours = connectionsOf(rabbitMqCtl, connectionName);
            assertThat(ours).as("the sample's connections").isNotEmpty();

            List<String> accepted = new CopyOnWriteArrayList<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            CountDownLatch cut = new CountDownLatch(1);
            Future<?> posting = poster.submit(() -> {
                int afterCut = 0;
                for (int i = 0; afterCut < ORDERS_AFTER_CUT; i++) {
                    HttpResponse<String> response = app.post("/orders", order("book", 1 + i % 5));
                    if (response.statusCode() == 202) {
                        accepted.add(SampleAppProcess.json(response.body())
                                .path("orderId")
                                .asString());
                    } else {
                        refused.add(response.statusCode() + " " + response.body());
                    }
                    afterCut += cut.getCount() == 0 ? 1 : 0;
                    Thread.sleep(25);
                }
                return null;
            });

            // Orders are queued and in progress (300 ms each on 4 workers) and keep coming: cut now.
            await("orders accepted before the cut")
                    .atMost(PROCESSING)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> accepted.size() >= 20);
            for (ConnectionInfo connection : ours) {
                rabbitMqCtl.closeConnection(connection.pid(), "sample IT: broker-side close while orders flow");
            }
            JsonNode atCut = app.getJson("/orders/stats");
            cut.countDown();
            assertThat(atCut.path("processed").asLong())
                    .as("orders were still waiting or in progress when the connection was closed: %s", atCut)
                    .isLessThan(atCut.path("accepted").asLong());

            posting.get(PROCESSING.toSeconds(), TimeUnit.SECONDS);
            assertThat(refused)
                    .as("every POST is accepted: the publisher waits for the recovery")
                    .isEmpty();
            int total = accepted.size();
            assertThat(app.log()).contains("' lost: (320) CONNECTION_FORCED");

            await("every accepted order processed")
                    .atMost(PROCESSING)
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(app.getJson("/orders/stats")
                                    .path("processed")
                                    .asLong())
                            .isEqualTo(total));
            for (String orderId : accepted) {
                assertThat(app.getJson("/orders/" + orderId).path("status").asString())
                        .as("order %s", orderId)
                        .isEqualTo("PROCESSED");
            }
            JsonNode stats = app.getJson("/orders/stats");
            assertThat(stats.path("accepted").asLong()).isEqualTo(total);
            assertThat(stats.path("failed").asLong()).isZero();

            await("health UP after the recovery")
                    .atMost(PROCESSING)
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertHealthUp(app, queue));
            JsonNode connection = app.getJson("/actuator/health")
                    .path("components")
                    .path("pika")
                    .path("details")
                    .path("connections")
                    .path(connectionName);
            assertThat(connection.path("recoveries").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(app.shutdown()).as("exit code; log: %s", app.logFile()).isZero();
        } finally {
            poster.shutdownNow();
            assertThat(poster.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Posts 49 good orders and one poison, waits for 49 processed and 1 failed, checks health and metrics. */
    private static void runFiftyOrders(SampleAppProcess app, String queue, String connectionName) throws Exception {
        Set<String> good = ConcurrentHashMap.newKeySet();
        String poison = null;
        for (int i = 0; i < ORDERS; i++) {
            boolean isPoison = i == ORDERS / 2;
            HttpResponse<String> response = app.post("/orders", order("book-" + i, isPoison ? 0 : 1 + i % 3));
            assertThat(response.statusCode())
                    .as("POST /orders: %s", response.body())
                    .isEqualTo(202);
            String orderId =
                    SampleAppProcess.json(response.body()).path("orderId").asString();
            if (isPoison) {
                poison = orderId;
            } else {
                good.add(orderId);
            }
        }
        assertThat(good).hasSize(ORDERS - 1);

        await("49 processed and 1 failed")
                .atMost(PROCESSING)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode stats = app.getJson("/orders/stats");
                    assertThat(stats.path("processed").asLong()).isEqualTo(ORDERS - 1);
                    assertThat(stats.path("failed").asLong()).isEqualTo(1);
                });
        assertThat(app.getJson("/orders/stats").path("accepted").asLong()).isEqualTo(ORDERS);
        assertThat(app.getJson("/orders/" + poison).path("status").asString()).isEqualTo("FAILED");
        assertThat(app.getJson("/orders/" + good.iterator().next())
                        .path("status")
                        .asString())
                .isEqualTo("PROCESSED");

        assertHealthUp(app, queue);
        JsonNode connections = app.getJson("/actuator/health")
                .path("components")
                .path("pika")
                .path("details")
                .path("connections");
        assertThat(connections.path(connectionName).path("state").asString()).isEqualTo("OPEN");

        assertThat(counter(app, "pika.published")).isGreaterThanOrEqualTo(ORDERS + 1); // + the dead-lettered copy
        assertThat(counter(app, "pika.acked")).isGreaterThanOrEqualTo(ORDERS);
    }

    /** Health UP, the pika contributor UP with every connection OPEN and the orders listener consuming. */
    private static void assertHealthUp(SampleAppProcess app, String queue) throws Exception {
        JsonNode health = app.getJson("/actuator/health");
        assertThat(health.path("status").asString()).as("%s", health).isEqualTo("UP");
        JsonNode pika = health.path("components").path("pika");
        assertThat(pika.path("status").asString()).as("%s", pika).isEqualTo("UP");
        JsonNode connections = pika.path("details").path("connections");
        assertThat(connections.size()).as("%s", pika).isGreaterThanOrEqualTo(1);
        for (Map.Entry<String, JsonNode> connection : connections.properties()) {
            assertThat(connection.getValue().path("state").asString())
                    .as(connection.getKey())
                    .isEqualTo("OPEN");
        }
        JsonNode listener = pika.path("details").path("listeners").path("orders");
        assertThat(listener.path("state").asString()).as("%s", pika).isEqualTo("CONSUMING");
        assertThat(listener.path("queues").toString()).contains(queue);
    }

    private static double counter(SampleAppProcess app, String meter) throws Exception {
        JsonNode measurements = app.getJson("/actuator/metrics/" + meter).path("measurements");
        for (JsonNode measurement : measurements) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError(meter + " has no COUNT: " + measurements);
    }

    /** The dead-letter queue holds the poison order with the failure in its headers; the queue is empty. */
    private static void assertDeadLettered(ConnectionFactory factory, String queue, String deadLetters)
            throws Exception {
        try (Connection connection = factory.newConnection("sample-it-inspector");
                Channel channel = connection.createChannel()) {
            assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
            assertThat(channel.queueDeclarePassive(deadLetters).getMessageCount())
                    .isEqualTo(1);
            GetResponse dead = channel.basicGet(deadLetters, true);
            assertThat(dead).isNotNull();
            assertThat(new String(dead.getBody(), UTF_8)).contains("\"quantity\":0");
            Map<String, Object> headers = dead.getProps().getHeaders();
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.EXCEPTION_STACKTRACE)))
                    .startsWith(InvalidOrderException.class.getName() + ": ");
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.EXCEPTION_MESSAGE)))
                    .contains("quantity must be at least 1, was 0");
            assertThat(String.valueOf(headers.get(RepublishMessageRecoverer.ORIGINAL_QUEUE)))
                    .isEqualTo(queue);
        }
    }

    /** The connections the sample opened: the one named {@code connectionName} and any {@code <name>.xyz}. */
    private static List<ConnectionInfo> connectionsOf(RabbitMqCtl rabbitMqCtl, String connectionName)
            throws InterruptedException {
        rabbitMqCtl.awaitConnection(connectionName, Duration.ofSeconds(60));
        return rabbitMqCtl.listConnections().stream()
                .filter(info -> info.connectionName() != null
                        && (info.connectionName().equals(connectionName)
                                || info.connectionName().startsWith(connectionName + ".")))
                .toList();
    }

    /** {@link #FAST} with the overrides, as {@code --name=value} arguments (each property once). */
    private static List<String> arguments(Map<String, String> overrides) {
        Map<String, String> properties = new TreeMap<>(FAST);
        properties.putAll(overrides);
        List<String> arguments = new ArrayList<>();
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }

    private static String order(String product, int quantity) {
        return "{\"product\": \"" + product + "\", \"quantity\": " + quantity + "}";
    }

    private static String name(TestInfo test) {
        return test.getTestMethod().map(m -> m.getName()).orElse("sample");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
