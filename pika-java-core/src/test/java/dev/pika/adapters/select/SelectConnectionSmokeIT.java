package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.DeliveryMode;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ChannelClosedByClientException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import dev.pika.spec.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine on the wire, against the test broker (see {@code dev.pika.testing.BrokerExtension}): open,
 * declare, confirm 1,000 publishes with properties and headers, consume them all with manual acks (byte-exact),
 * cancel, close, and leave no thread behind; and RabbitMQ's returns attributed to exactly the unroutable publishes.
 */
@PikaIntegrationTest
class SelectConnectionSmokeIT {

    private static final int MESSAGES = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TestBroker broker;

    /** Fixed for the run, so that properties(i) compare equal (Qpid reads expiration as an absolute time). */
    private static String expiration;

    @BeforeAll
    static void chooseExpiration() {
        expiration = RoundTripIT.expiration(broker);
    }

    private static ConnectionParameters parameters(String name) {
        return ConnectionParameters.fromUrl(broker.uri()).toBuilder()
                .connectionName(name)
                .build();
    }

    private static byte[] body(int index) {
        byte[] body = new byte[(index * 37) % 3001];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (index * 31 + i);
        }
        return body;
    }

    private static BasicProperties properties(int index) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("index", index);
        headers.put("kind", "smoke");
        headers.put("big", 1L << 40);
        headers.put("flag", index % 2 == 0);
        headers.put("nested", Map.of("k", "v" + index));
        headers.put("list", List.of(1, "two", 3.0d));
        return BasicProperties.builder()
                .contentType("application/octet-stream")
                .contentEncoding("identity")
                .headers(headers)
                .deliveryMode(DeliveryMode.PERSISTENT)
                .priority(index % 10)
                .correlationId("c-" + index)
                .replyTo("nobody")
                .expiration(expiration)
                .messageId("m-" + index)
                .timestamp(Instant.ofEpochSecond(1_700_000_000L + index))
                .type("smoke")
                .appId("pika-java-it")
                .build();
    }

    /** Runs {@code task} on the loop's thread and returns the future it produces. */
    private static <T> CompletableFuture<T> onLoop(IoLoop loop, Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            try {
                task.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void publishConsumeAndCloseOnTheWire() throws Exception {
        String name = "pika-java-smoke-" + UUID.randomUUID();
        String queue = name + "-queue";
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        CompletableFuture<AmqpConnectionException> connectionClosed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                parameters(name), opened::complete, (c, error) -> opened.completeExceptionally(error), (c, reason) -> {
                    connectionClosed.complete(reason);
                    ((SelectConnection) c).ioloop().stop();
                });
        IoLoop loop = connection.ioloop();
        Thread loopThread = loop.startInBackground();
        try {
            await(opened);
            assertThat(connection.isOpen()).isTrue();

            Channel channel = await(onLoop(loop, connection::openChannel));
            CompletableFuture<AmqpException> channelClosed = new CompletableFuture<>();
            await(onLoop(loop, () -> {
                channel.addOnCloseCallback((c, reason) -> channelClosed.complete(reason));
                return channel.queueDeclare(queue, false, false, false, false, null); // deleted below
            }));

            // confirm mode, then 1,000 pipelined publishes, each with its own confirmation
            await(onLoop(loop, channel::confirmDelivery));
            List<CompletableFuture<Void>> confirms = await(onLoop(loop, () -> {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    futures.add(channel.basicPublishConfirmed("", queue, body(i), properties(i), true));
                }
                return CompletableFuture.completedFuture(futures);
            }));
            await(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)));

            // consume them all with manual acks, checking every byte and property
            CompletableFuture<Integer> consumed = new CompletableFuture<>();
            List<String> mismatches = new ArrayList<>();
            int[] count = {0};
            String tag = await(onLoop(loop, () -> {
                        channel.basicQos(200);
                        return channel.basicConsumeFuture(queue, (ch, method, properties, body) -> {
                            int index = (Integer) properties.headers().get("index");
                            if (!java.util.Arrays.equals(body, body(index))) {
                                mismatches.add("body of " + index);
                            }
                            if (!properties.equals(properties(index))) {
                                mismatches.add("properties of " + index + ": " + properties);
                            }
                            ch.basicAck(method.deliveryTag());
                            if (++count[0] == MESSAGES) {
                                consumed.complete(count[0]);
                            }
                        });
                    }))
                    .consumerTag();
            assertThat(await(consumed)).isEqualTo(MESSAGES);
            assertThat(mismatches).isEmpty();

            Basic.CancelOk cancelOk = await(onLoop(loop, () -> channel.basicCancel(tag)));
            assertThat(cancelOk.consumerTag()).isEqualTo(tag);
            await(onLoop(loop, () -> channel.queueDelete(queue)));
            await(onLoop(loop, () -> {
                channel.close();
                return channelClosed;
            }));
            assertThat(await(channelClosed)).isInstanceOf(ChannelClosedByClientException.class);

            loop.addCallbackThreadsafe(connection::close);
            assertThat(await(connectionClosed))
                    .isInstanceOfSatisfying(
                            ConnectionClosedByClientException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(200));

            loopThread.join(TIMEOUT.toMillis());
            assertThat(loopThread.isAlive()).as("the loop stopped").isFalse();
            assertThat(connection.isClosed()).isTrue();
        } finally {
            loop.close();
        }
    }

    @Test
    @RequiresRabbitMq("Qpid Broker-J nacks unroutable mandatory publishes instead of returning and acking them")
    void returnsOfUnroutableMandatoryPublishesFailExactlyTheirOwnFutures() throws Exception {
        String name = "pika-java-smoke-" + UUID.randomUUID();
        String queue = name + "-queue";
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        CompletableFuture<AmqpConnectionException> connectionClosed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                parameters(name), opened::complete, (c, error) -> opened.completeExceptionally(error), (c, reason) -> {
                    connectionClosed.complete(reason);
                    ((SelectConnection) c).ioloop().stop();
                });
        IoLoop loop = connection.ioloop();
        loop.startInBackground();
        try {
            await(opened);
            Channel channel = await(onLoop(loop, connection::openChannel));
            await(onLoop(loop, () -> channel.queueDeclare(queue, false, false, true, false, null)));
            await(onLoop(loop, channel::confirmDelivery));
            List<String> returned = new ArrayList<>();
            List<CompletableFuture<Void>> futures = await(onLoop(loop, () -> {
                channel.addOnReturnCallback((ch, method, properties, body) -> returned.add(method.routingKey()));
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    // every third message has no route: the default exchange knows no queue by that name
                    String routingKey = i % 3 == 2 ? name + "-nowhere" : queue;
                    all.add(channel.basicPublishConfirmed("", routingKey, body(i), properties(i), true));
                }
                return CompletableFuture.completedFuture(all);
            }));
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<Void> future = futures.get(i);
                byte[] expectedBody = body(i);
                try {
                    future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(i % 3).as("publish %s was routable", i).isNotEqualTo(2);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(i % 3)
                            .as("publish %s failed: %s", i, e.getCause())
                            .isEqualTo(2);
                    assertThat(e.getCause())
                            .isInstanceOfSatisfying(
                                    UnroutableException.class,
                                    u -> assertThat(u.messages().get(0).body()).isEqualTo(expectedBody));
                }
            }
            assertThat(returned).hasSize(100);
            Queue.DeclareOk passive =
                    await(onLoop(loop, () -> channel.queueDeclare(queue, true, false, false, false, null)));
            assertThat(passive.messageCount()).isEqualTo(200);

            // a channel error closes that channel only
            Channel other = await(onLoop(loop, connection::openChannel));
            CompletableFuture<Queue.DeclareOk> missing =
                    onLoop(loop, () -> other.queueDeclare(name + "-missing", true, false, false, false, null));
            assertThatThrownBy(() -> await(missing))
                    .hasCauseInstanceOf(ChannelClosedByBrokerException.class)
                    .hasMessageContaining("404");
            assertThat(onLoop(loop, () -> CompletableFuture.completedFuture(channel.isOpen()))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();

            loop.addCallbackThreadsafe(connection::close);
            assertThat(await(connectionClosed)).isInstanceOf(ConnectionClosedByClientException.class);
        } finally {
            loop.close();
        }
    }

    @AfterAll
    static void noThreadIsLeftBehind() throws InterruptedException {
        awaitNoClientThreads();
    }

    /** Resolver threads idle out after 10 s; wait for them, with a bound. */
    private static void awaitNoClientThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> left = clientThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = clientThreads();
        }
        assertThat(left).as("pika threads left").isEmpty();
    }

    private static List<String> clientThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()
                    && (thread.getName().startsWith("pika-io-")
                            || thread.getName().startsWith("pika-resolver-"))) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
