package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelWrongStateException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.StreamLostException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.exceptions.WaitForConfirmsTimeoutException;
import dev.pika.spec.Basic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelined confirms on a scripted peer: {@code basicPublishConfirmed} returns before the broker answers, each future
 * settles with its own confirmation (single, {@code multiple}, nack, return), {@code waitForConfirms} waits for
 * confirmations arriving in any order and reports the first failure, and no future is left pending when the
 * connection ends, not even for a publish the I/O thread never ran.
 */
class PipelinedConfirmsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MiniBroker broker;
    private BlockingConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
        broker.close();
    }

    private BlockingChannel open(MiniBroker started) {
        broker = started;
        connection = new BlockingConnection(broker.parameters());
        return connection.channel();
    }

    /** A peer that never confirms on its own: the test sends the confirmations. */
    private static MiniBroker silentBroker() {
        return MiniBroker.start().onPublish((session, frame) -> true);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private void awaitPublishes(int count) {
        Await.until(count + " publishes arrive", () -> broker.publishes().size() >= count);
    }

    @Test
    void eachFutureSettlesWithItsOwnConfirmationSingleMultipleOrNack() {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        byte[] reused = body("a");
        CompletableFuture<Void> first = channel.basicPublishConfirmed("", "q", reused);
        reused[0] = 'X'; // copied: the message sent is "a"
        CompletableFuture<Void> second = channel.basicPublishConfirmed("", "q", body("b"));
        CompletableFuture<Void> third = channel.basicPublishConfirmed("", "q", body("c"));
        awaitPublishes(3);
        assertThat(List.of(first, second, third)).as("nothing confirmed yet").noneMatch(CompletableFuture::isDone);
        assertThat(broker.publishes()).extracting(frame -> text(frame.body())).containsExactly("a", "b", "c");

        broker.session().send(1, new Basic.Ack(2, true));
        first.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        second.join();
        assertThat(third).isNotDone();

        broker.session().send(1, new Basic.Nack(3, false, false));
        assertThatThrownBy(() ->
                        third.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(NackException.class)
                .satisfies(e -> assertThat(((NackException) e.getCause()).messages())
                        .extracting(message -> text(message.body()))
                        .containsExactly("c"));
    }

    /**
     * A 1 MiB body, more than one frame at a frame_max of 128 KiB, whose every byte tells its message apart; the
     * blocking ITs use it too.
     */
    static byte[] largeBody(int seed) {
        byte[] body = new byte[1024 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (seed * 31 + i * 7 + (i >>> 8));
        }
        return body;
    }

    @Test
    void aLargeBodyIsSentAsItWasWhenTheCallReturnedAndItsCopyIsReusedOnlyOnceTheBrokerAckedIt() {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        BodyCopies copies = connection.bodyCopies();
        byte[] reused = largeBody(1);
        CompletableFuture<Void> first = channel.basicPublishConfirmed("", "q", reused);
        System.arraycopy(largeBody(2), 0, reused, 0, reused.length); // the caller reuses its array at once
        CompletableFuture<Void> second = channel.basicPublishConfirmed("", "q", reused);
        awaitPublishes(2);
        assertThat(broker.publishes().get(0).body()).as("byte-exact").isEqualTo(largeBody(1));
        assertThat(broker.publishes().get(1).body()).as("byte-exact").isEqualTo(largeBody(2));
        assertThat(copies.idleBytes())
                .as("unconfirmed copies are kept for a nack")
                .isZero();

        broker.session().send(1, new Basic.Ack(1, false));
        first.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        Await.until("the acked copy is free", () -> copies.idleBytes() == reused.length);
        channel.basicPublishConfirmed("", "q", largeBody(3));
        assertThat(copies.reusedCount()).isEqualTo(1);

        broker.session().send(1, new Basic.Nack(2, false, false));
        assertThatThrownBy(() ->
                        second.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(NackException.class);
        byte[] nackedBody = ((NackException) second.handle((ok, e) -> e).join())
                .messages()
                .get(0)
                .body();
        channel.basicPublishConfirmed("", "q", largeBody(4)); // must not take the nacked copy
        channel.basicPublishConfirmed("", "q", largeBody(5));
        awaitPublishes(5);
        assertThat(copies.reusedCount()).as("a nacked copy is never reused").isEqualTo(1);
        assertThat(nackedBody).as("the nack reports the message as sent").isEqualTo(largeBody(2));
        for (int i = 0; i < 5; i++) {
            assertThat(broker.publishes().get(i).body())
                    .as("message " + (i + 1))
                    .isEqualTo(largeBody(i + 1));
        }
    }

    @Test
    void waitForConfirmsWaitsForConfirmationsArrivingInAnyOrderAndTimesOutTyped() {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        channel.basicPublishConfirmed("", "q", body("one"));
        CompletableFuture<Void> second = channel.basicPublishConfirmed("", "q", body("two"));
        awaitPublishes(2);
        broker.session().send(1, new Basic.Ack(2, false)); // the last one first
        second.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

        assertThatThrownBy(() -> channel.waitForConfirms(Duration.ofMillis(100)))
                .isInstanceOfSatisfying(
                        WaitForConfirmsTimeoutException.class,
                        e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100)))
                .hasMessageContaining("still unconfirmed");

        broker.session().send(1, new Basic.Ack(1, false));
        channel.waitForConfirms(WAIT);
        channel.waitForConfirms(Duration.ZERO); // nothing outstanding: returns at once
    }

    @Test
    void waitForConfirmsThrowsTheFirstFailureOnceAndEveryFutureCarriesItsOwn() {
        BlockingChannel channel = open(MiniBroker.start().nackOrReturnByRoutingKey());
        channel.confirmDelivery();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(channel.basicPublishConfirmed("", "fine", body("ok")));
        futures.add(channel.basicPublishConfirmed("", "nack-me", body("refused")));
        futures.add(channel.basicPublishConfirmed("", "nowhere", body("lost"), null, true));
        futures.add(channel.basicPublishConfirmed("", "fine", body("ok too")));

        assertThatThrownBy(() -> channel.waitForConfirms(WAIT))
                .isInstanceOfSatisfying(
                        NackException.class,
                        e -> assertThat(e.messages())
                                .extracting(message -> text(message.body()))
                                .containsExactly("refused"));
        assertThat(futures.get(0)).isCompleted();
        assertThat(futures.get(1)).isCompletedExceptionally();
        assertThatThrownBy(futures.get(2)::join).hasCauseInstanceOf(UnroutableException.class);
        assertThat(futures.get(3)).isCompleted();
        channel.waitForConfirms(WAIT); // the failure was reported once
    }

    @Test
    void bothFormsMixOnOneChannelInCallOrder() {
        BlockingChannel channel = open(MiniBroker.start());
        channel.confirmDelivery();
        CompletableFuture<Void> first = channel.basicPublishConfirmed("", "q", body("1"));
        channel.basicPublish("", "q", body("2")); // waits for its own confirmation
        CompletableFuture<Void> third = channel.basicPublishConfirmed("", "q", body("3"));
        channel.waitForConfirms(WAIT);

        assertThat(first).isCompleted();
        assertThat(third).isCompleted();
        assertThat(broker.publishes()).extracting(frame -> text(frame.body())).containsExactly("1", "2", "3");
    }

    @Test
    void withoutConfirmModeBothMethodsNameConfirmDelivery() {
        BlockingChannel channel = open(MiniBroker.start());

        assertThatThrownBy(() -> channel.basicPublishConfirmed("", "q", body("x")))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("confirmDelivery()");
        assertThatThrownBy(() -> channel.waitForConfirms(WAIT))
                .isInstanceOf(ChannelWrongStateException.class)
                .hasMessageContaining("confirmDelivery()");
        assertThat(broker.publishes()).isEmpty();
    }

    @Test
    void aLostConnectionFailsEveryOutstandingFutureAndTheWait() {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(channel.basicPublishConfirmed("", "q", body("m" + i)));
        }
        awaitPublishes(100);

        broker.session().drop();

        CompletableFuture.allOf(futures.stream()
                        .map(future -> future.exceptionally(error -> null))
                        .toArray(CompletableFuture[]::new))
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .join();
        assertThat(futures)
                .allSatisfy(
                        future -> assertThatThrownBy(future::join).hasCauseInstanceOf(AmqpConnectionException.class));
        assertThatThrownBy(() -> channel.waitForConfirms(WAIT)).isInstanceOf(AmqpConnectionException.class);
    }

    @Test
    void aPublishTheIoThreadNeverRanFailsWithTheConnectionsEnd() throws Exception {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        LoopBridge bridge = connection.bridge();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StreamLostException reason = new StreamLostException("test: the connection ended with publishes queued");
        bridge.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bridge.terminate(reason); // the loop stops after this turn and drops what was queued meanwhile
        });
        busy.await();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(channel.basicPublishConfirmed("", "q", new byte[1000]));
        }
        assertThat(connection.gate().queuedBytes()).isEqualTo(50 * 1000);

        release.countDown();

        for (CompletableFuture<Void> future : queued) {
            assertThatThrownBy(() ->
                            future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                    .hasCause(reason);
        }
        assertThat(connection.gate().queuedBytes())
                .as("the dropped publishes left the gate")
                .isZero();
        assertThat(broker.publishes()).isEmpty();
        assertThatThrownBy(() -> channel.basicPublishConfirmed("", "q", body("late")))
                .isInstanceOf(AmqpException.class); // the channel or the connection is closed: nothing sent
    }

    @Test
    void aDependentStageOnTheIoThreadMayPublishAgainButAWaitingCallFailsFast() {
        BlockingChannel channel = open(silentBroker());
        channel.confirmDelivery();
        AtomicReference<String> stageThread = new AtomicReference<>();
        AtomicReference<Throwable> waitFailure = new AtomicReference<>();
        CompletableFuture<CompletableFuture<Void>> chained = new CompletableFuture<>();
        CompletableFuture<Void> first = channel.basicPublishConfirmed("", "q", body("first"));
        first.thenRun(() -> {
            stageThread.set(Thread.currentThread().getName());
            try {
                channel.waitForConfirms(WAIT);
            } catch (RuntimeException e) {
                waitFailure.set(e);
            }
            chained.complete(channel.basicPublishConfirmed("", "q", body("second")));
        });
        awaitPublishes(1);

        broker.session().send(1, new Basic.Ack(1, false));

        CompletableFuture<Void> second =
                chained.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        awaitPublishes(2);
        broker.session().send(1, new Basic.Ack(2, false));
        second.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(stageThread.get()).startsWith("pika-blocking-io-");
        assertThat(waitFailure.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("I/O thread")
                .hasMessageContaining("Async");
        channel.waitForConfirms(WAIT);
    }
}
