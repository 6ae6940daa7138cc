package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.channel.GetResult;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.ConnectionClosedByBrokerException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.RequiresRabbitMqCtl;
import dev.pika.testing.TestBroker;
import dev.pika.testing.rabbitmqctl.RabbitMqCtl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Pipelined publisher confirms of the blocking channel against a real broker: thousands of publishes in a window all
 * confirmed and all in the queue, an unroutable mandatory message and a nacked one failing only their own futures,
 * and a connection closed by the broker with publishes outstanding leaving no future pending.
 */
@PikaIntegrationTest
class PipelinedConfirmsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long messageCount(BlockingChannel channel, String queue) {
        return channel.queueDeclare(queue, true, false, false, false, null).messageCount();
    }

    /** The failure a settled future carries, or {@code null} when it completed normally. */
    private static Throwable failureOf(CompletableFuture<Void> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** A channel in confirm mode and a queue that holds one message and nacks any more (reject-publish). */
    private static BlockingChannel rejectingAllButOne(BlockingConnection connection, String queue) {
        BlockingChannel channel = connection.channel();
        channel.queueDeclare(
                queue, false, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        channel.confirmDelivery();
        return channel;
    }

    @Test
    void largeBodiesArriveByteExactWhileTheCallerReusesItsArrayAndTheCopiesAreReused(TestBroker broker)
            throws Exception {
        String queue = broker.name("large");
        int messages = 8;
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.confirmDelivery();
            Semaphore window = new Semaphore(2);
            byte[] reused = new byte[1024 * 1024];
            for (int i = 0; i < messages; i++) {
                assertThat(window.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
                System.arraycopy(PipelinedConfirmsTest.largeBody(i), 0, reused, 0, reused.length);
                channel.basicPublishConfirmed("", queue, reused).whenComplete((ok, error) -> window.release());
                reused[0] = (byte) ~reused[0]; // changed at once: the publish copied the body
            }
            channel.waitForConfirms(WAIT);
            assertThat(connection.bodyCopies().reusedCount())
                    .as("copies of acked messages are reused")
                    .isPositive();

            for (int i = 0; i < messages; i++) {
                GetResult got = channel.basicGet(queue, true);
                assertThat(got.isEmpty()).as("message " + i).isFalse();
                assertThat(got.body())
                        .as("message " + i + ", byte-exact")
                        .isEqualTo(PipelinedConfirmsTest.largeBody(i));
            }
            channel.queueDelete(queue);
        }
    }

    @Test
    void tenThousandPublishesInAWindowOf500AreAllConfirmedAndQueued(TestBroker broker) throws Exception {
        String queue = broker.name("pipelined");
        int messages = 10_000;
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.confirmDelivery();
            Semaphore window = new Semaphore(500);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            byte[] body = new byte[100];
            for (int i = 0; i < messages; i++) {
                assertThat(window.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("a confirmation arrives within " + WAIT + " (message " + i + ")")
                        .isTrue();
                body[0] = (byte) i; // reused: the publish copied it
                channel.basicPublishConfirmed("", queue, body).whenComplete((ok, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    window.release();
                });
            }
            channel.waitForConfirms(WAIT);

            assertThat(failure.get()).isNull();
            assertThat(window.availablePermits()).as("every future completed").isEqualTo(500);
            assertThat(messageCount(channel, queue)).isEqualTo(messages);
            channel.queueDelete(queue);
        }
    }

    @Test
    @RequiresRabbitMq("an unroutable mandatory publish is returned, then acked (Qpid Broker-J nacks it)")
    void anUnroutableMandatoryPublishFailsItsOwnFutureOnly(TestBroker broker) {
        String queue = broker.name("routed");
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.confirmDelivery();
            List<Basic.Return> returned = new ArrayList<>();
            channel.addOnReturnCallback((ch, method, properties, body) -> returned.add(method));

            CompletableFuture<Void> before = channel.basicPublishConfirmed("", queue, utf8("before"), null, true);
            CompletableFuture<Void> lost =
                    channel.basicPublishConfirmed("", broker.name("nowhere"), utf8("lost"), null, true);
            CompletableFuture<Void> after = channel.basicPublishConfirmed("", queue, utf8("after"), null, true);

            assertThatThrownBy(() -> channel.waitForConfirms(WAIT)).isInstanceOf(UnroutableException.class);
            assertThat(failureOf(before)).isNull();
            assertThat(failureOf(after)).isNull();
            assertThat(failureOf(lost))
                    .isInstanceOfSatisfying(
                            UnroutableException.class,
                            e -> assertThat(e.messages())
                                    .extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                                    .containsExactly("lost"));
            connection.processDataEvents(Duration.ZERO);
            assertThat(returned).extracting(Basic.Return::replyCode).containsExactly(312);
            assertThat(messageCount(channel, queue)).isEqualTo(2);
            channel.queueDelete(queue);
        }
    }

    @Test
    @RequiresRabbitMq("x-max-length with x-overflow reject-publish nacks what does not fit")
    void aRejectedPublishFailsItsFutureWithNackException(TestBroker broker) {
        String queue = broker.name("full");
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = rejectingAllButOne(connection, queue);

            CompletableFuture<Void> fits = channel.basicPublishConfirmed("", queue, utf8("fits"));
            CompletableFuture<Void> rejected = channel.basicPublishConfirmed("", queue, utf8("rejected"));

            assertThatThrownBy(() -> channel.waitForConfirms(WAIT)).isInstanceOf(NackException.class);
            assertThat(failureOf(fits)).isNull();
            assertThat(failureOf(rejected))
                    .isInstanceOfSatisfying(
                            NackException.class,
                            e -> assertThat(e.messages())
                                    .extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                                    .containsExactly("rejected"));
            assertThat(messageCount(channel, queue)).isEqualTo(1);
            channel.queueDelete(queue);
        }
    }

    @Test
    @RequiresRabbitMq("x-max-length with x-overflow reject-publish nacks what does not fit")
    void aRejectedLargePublishCarriesItsBodyAsPublishedAndOnlyTheAckedCopyIsReused(TestBroker broker) {
        String queue = broker.name("full-large");
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = rejectingAllButOne(connection, queue);
            byte[] reused = PipelinedConfirmsTest.largeBody(1);
            CompletableFuture<Void> fits = channel.basicPublishConfirmed("", queue, reused);
            System.arraycopy(PipelinedConfirmsTest.largeBody(2), 0, reused, 0, reused.length);
            CompletableFuture<Void> rejected = channel.basicPublishConfirmed("", queue, reused);
            reused[0] = (byte) ~reused[0]; // at once: the publish copied the body

            assertThatThrownBy(() -> channel.waitForConfirms(WAIT)).isInstanceOf(NackException.class);
            assertThat(failureOf(fits)).isNull();
            assertThat(failureOf(rejected))
                    .isInstanceOfSatisfying(
                            NackException.class,
                            e -> assertThat(e.messages().get(0).body())
                                    .as("the nacked message, byte-exact")
                                    .isEqualTo(PipelinedConfirmsTest.largeBody(2)));
            // The acked message's copy is given back on the I/O thread right after its future completed, so either
            // it is idle now, or the ack came before the second publish and that publish reused it; the nacked
            // message's copy is never kept.
            BodyCopies copies = connection.bodyCopies();
            Await.until(
                    "the acked message's copy is free or reused",
                    () -> copies.idleBytes() + copies.reusedCount() * reused.length == reused.length);
            assertThat(copies.idleBytes())
                    .as("the nacked message's copy is not kept")
                    .isLessThanOrEqualTo(reused.length);
            assertThat(channel.basicGet(queue, true).body()).isEqualTo(PipelinedConfirmsTest.largeBody(1));
            channel.queueDelete(queue);
        }
    }

    @Test
    @RequiresRabbitMqCtl("closes this test's own connection from the broker side with rabbitmqctl close_connection")
    void aConnectionClosedByTheBrokerLeavesNoFuturePending(TestBroker broker, RabbitMqCtl ctl) throws Exception {
        String queue = broker.name("closed");
        String name = broker.name("conn");
        BlockingConnection connection = new BlockingConnection(BlockingChannelIT.parameters(broker, name));
        try {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue, false, false, false, true, null);
            channel.confirmDelivery();
            ctl.awaitConnection(name, WAIT);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                futures.add(channel.basicPublishConfirmed("", queue, utf8("before " + i)));
            }
            // Hold the I/O thread so that the next publishes are certainly outstanding when the broker closes: the
            // close (synchronous in rabbitmqctl) happens before any of them can be sent, let alone confirmed.
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            connection.bridge().execute(() -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> outstanding = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                outstanding.add(channel.basicPublishConfirmed("", queue, utf8("outstanding " + i)));
            }
            futures.addAll(outstanding);
            try {
                ctl.closeConnectionByName(name, "pika-java test: closed with publishes outstanding");
            } finally {
                release.countDown();
            }

            CompletableFuture.allOf(futures.stream()
                            .map(future -> future.exceptionally(error -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(outstanding)
                    .allSatisfy(future -> assertThat(failureOf(future))
                            .isInstanceOfAny(
                                    ConnectionClosedByBrokerException.class, ChannelWrongStateException.class));
            assertThat(futures.stream().map(PipelinedConfirmsIT::failureOf).filter(failure -> failure != null))
                    .allSatisfy(failure -> assertThat(failure).isInstanceOf(AmqpException.class));
            assertThatThrownBy(() -> channel.waitForConfirms(WAIT)).isInstanceOf(AmqpException.class);
            assertThat(connection.isClosed()).isTrue();
        } finally {
            connection.close();
        }
    }

    @Test
    void withoutConfirmModeAPipelinedPublishIsRefusedAndNothingIsSent(TestBroker broker) {
        String queue = broker.name("plain");
        try (BlockingConnection connection =
                new BlockingConnection(BlockingChannelIT.parameters(broker, broker.name("conn")))) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);

            assertThatThrownBy(() -> channel.basicPublishConfirmed("", queue, utf8("refused")))
                    .isInstanceOf(ChannelWrongStateException.class)
                    .hasMessageContaining("confirmDelivery()");
            assertThatThrownBy(() -> channel.waitForConfirms(WAIT))
                    .isInstanceOf(ChannelWrongStateException.class)
                    .hasMessageContaining("confirmDelivery()");

            assertThat(channel.isOpen()).isTrue();
            assertThat(messageCount(channel, queue)).isZero();
            channel.queueDelete(queue);
        }
    }
}
