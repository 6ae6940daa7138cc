package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.TcpOptions;
import dev.pika.exceptions.ConnectionBlockedTimeoutException;
import dev.pika.exceptions.NackException;
import dev.pika.exceptions.UnroutableException;
import dev.pika.exceptions.UnsupportedAmqpFieldException;
import dev.pika.spec.Basic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing on a scripted peer: the body is copied, confirm mode returns per message or throws NackException and
 * UnroutableException, a failed fire-and-forget publish is thrown by the next one, and a publisher facing a peer that
 * stops reading blocks (bounded memory) until it reads again, or until blockedConnectionTimeout.
 */
class PublishingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HIGH_WATERMARK = 64 * 1024;

    private MiniBroker broker;
    private BlockingConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
        broker.close();
    }

    private BlockingChannel open(ConnectionParameters params) {
        connection = new BlockingConnection(params);
        return connection.channel();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theBodyIsCopiedSoTheCallerMayReuseItsArray() {
        broker = MiniBroker.start();
        BlockingChannel channel = open(broker.parameters());
        byte[] reused = body("first");
        channel.basicPublish("", "queue", reused);
        System.arraycopy(body("XXXXX"), 0, reused, 0, 5);
        channel.basicPublish("", "queue", reused);
        Await.until("two publishes arrive", () -> broker.publishes().size() == 2);
        assertThat(broker.publishes())
                .extracting(frame -> new String(frame.body(), StandardCharsets.UTF_8))
                .containsExactly("first", "XXXXX");
    }

    @Test
    void aLargeBodyIsCopiedAndItsCopyReusedOnceEncoded() {
        broker = MiniBroker.start();
        BlockingChannel channel = open(broker.parameters());
        byte[] reused = new byte[1024 * 1024];
        Arrays.fill(reused, (byte) 'a');
        channel.basicPublish("", "queue", reused);
        Arrays.fill(reused, (byte) 'b'); // at once: the message sent is all 'a'
        Await.until(
                "the copy is free once encoded", () -> connection.bodyCopies().idleBytes() == reused.length);
        channel.basicPublish("", "queue", reused);
        Arrays.fill(reused, (byte) 'c');
        Await.until("two publishes arrive", () -> broker.publishes().size() == 2);
        assertThat(connection.bodyCopies().reusedCount()).isEqualTo(1);
        byte[] expectedFirst = new byte[reused.length];
        Arrays.fill(expectedFirst, (byte) 'a');
        byte[] expectedSecond = new byte[reused.length];
        Arrays.fill(expectedSecond, (byte) 'b');
        assertThat(broker.publishes().get(0).body()).isEqualTo(expectedFirst);
        assertThat(broker.publishes().get(1).body()).isEqualTo(expectedSecond);
    }

    @Test
    void confirmModeReturnsOnAckAndThrowsOnNackAndReturn() {
        broker = MiniBroker.start().nackOrReturnByRoutingKey();
        BlockingChannel channel = open(broker.parameters());
        List<String> returnedToCallback = new ArrayList<>();
        channel.addOnReturnCallback((ch, method, properties, payload) ->
                returnedToCallback.add(method.replyCode() + " " + method.routingKey()));
        channel.confirmDelivery();
        assertThat(channel.isConfirmMode()).isTrue();
        channel.confirmDelivery(); // again: logged, nothing sent
        assertThat(broker.framesOf(dev.pika.spec.Confirm.Select.class)).hasSize(1);

        channel.basicPublish("", "fine", body("ok"));
        assertThatThrownBy(() -> channel.basicPublish("", "nack-me", body("refused")))
                .isInstanceOfSatisfying(
                        NackException.class,
                        e -> assertThat(e.messages())
                                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                                .containsExactly("refused"));
        assertThatThrownBy(() -> channel.basicPublish("", "nowhere", body("lost"), null, true))
                .isInstanceOfSatisfying(
                        UnroutableException.class,
                        e -> assertThat(e.messages())
                                .extracting(m -> m.routingKey())
                                .containsExactly("nowhere"));
        channel.basicPublish("", "fine", body("still ok"));
        connection.processDataEvents(Duration.ZERO);
        assertThat(returnedToCallback).containsExactly("312 nowhere");
    }

    @Test
    void confirmModeDoesNotCopyTheBodyYetTheCallerMayReuseItsArrayOnceThePublishReturns() {
        broker = MiniBroker.start().onPublish((session, frame) -> {
            Basic.Publish publish = (Basic.Publish) frame.method();
            if (publish.routingKey().equals("nack-me")) {
                session.send(frame.channel(), new Basic.Nack(broker.sequenceOf(frame), false, false));
                return true;
            }
            return false;
        });
        BlockingChannel channel = open(broker.parameters());
        channel.confirmDelivery();
        byte[] reused = body("first");
        channel.basicPublish("", "fine", reused);
        System.arraycopy(body("XXXXX"), 0, reused, 0, 5);
        channel.basicPublish("", "fine", reused);
        assertThat(broker.publishes())
                .extracting(frame -> new String(frame.body(), StandardCharsets.UTF_8))
                .containsExactly("first", "XXXXX");

        assertThatThrownBy(() -> channel.basicPublish("", "nack-me", body("refused")))
                .isInstanceOf(NackException.class);

        // A 1 MiB body: the publishing thread allocates far less than a copy of it.
        byte[] large = new byte[1024 * 1024];
        channel.basicPublish("", "fine", large); // warms up the path
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        channel.basicPublish("", "fine", large);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by the publishing thread").isLessThan(large.length / 4);
        assertThat(broker.publishes())
                .last()
                .satisfies(frame -> assertThat(frame.body()).hasSize(large.length));
    }

    @Test
    void aPublishThatFailsOnTheIoThreadIsThrownByTheNextOne() {
        broker = MiniBroker.start();
        BlockingChannel channel = open(broker.parameters());
        BasicProperties unsupported =
                BasicProperties.builder().headers(Map.of("when", new Object())).build();
        channel.basicPublish("", "queue", body("bad"), unsupported);
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thrown.get() == null) {
            assertThat(System.nanoTime()).as("the failure is reported").isLessThan(deadline);
            try {
                channel.basicPublish("", "queue", body("next"));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        }
        assertThat(thrown.get()).isInstanceOf(UnsupportedAmqpFieldException.class);
        channel.basicPublish("", "queue", body("after"));
        broker.await(
                frame -> frame.body() != null && new String(frame.body(), StandardCharsets.UTF_8).equals("after"),
                WAIT);
        assertThat(broker.publishes())
                .extracting(frame -> new String(frame.body(), StandardCharsets.UTF_8))
                .doesNotContain("bad");
        assertThat(connection.isOpen()).isTrue();
    }

    private ConnectionParameters smallBuffers(Duration blockedConnectionTimeout) {
        return broker.parameters().toBuilder()
                .writeBufferHighWatermark(HIGH_WATERMARK)
                .tcpOptions(TcpOptions.builder().sendBufferSize(16 * 1024).build())
                .blockedConnectionTimeout(blockedConnectionTimeout)
                .build();
    }

    @Test
    void aPublisherBlocksWhileThePeerDoesNotReadAndResumesWhenItDoes() throws Exception {
        broker = MiniBroker.start();
        BlockingChannel channel = open(smallBuffers(null));
        broker.session().pauseReading();
        int messages = 2_000;
        byte[] payload = new byte[16 * 1024];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try {
                for (int i = 0; i < messages; i++) {
                    payload[0] = (byte) i;
                    channel.basicPublish("", "queue", payload);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        publisher.start();
        PublishGate gate = connection.gate();
        Await.until("the publisher blocks", () -> gate.waitingPublishers() > 0 || !publisher.isAlive());
        assertThat(publisher.isAlive())
                .as("the publisher waits instead of finishing")
                .isTrue();
        assertThat(gate.queuedBytes()).as("bounded queue").isLessThanOrEqualTo(HIGH_WATERMARK + payload.length);
        broker.session().resumeReading();
        publisher.join(WAIT.toMillis());
        assertThat(publisher.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        Await.until("every message arrives", () -> broker.publishes().size() == messages);
        List<MiniBroker.Frame> received = broker.publishes();
        for (int i = 0; i < messages; i++) {
            assertThat(received.get(i).body()[0]).isEqualTo((byte) i);
        }
    }

    @Test
    void aBlockedPublisherGivesUpAfterBlockedConnectionTimeout() {
        broker = MiniBroker.start();
        BlockingChannel channel = open(smallBuffers(Duration.ofMillis(300)));
        broker.session().pauseReading();
        byte[] payload = new byte[16 * 1024];
        Throwable thrown = null;
        for (int i = 0; i < 100_000 && thrown == null; i++) {
            try {
                channel.basicPublish("", "queue", payload);
            } catch (RuntimeException e) {
                thrown = e;
            }
        }
        assertThat(thrown)
                .isInstanceOf(ConnectionBlockedTimeoutException.class)
                .hasMessageContaining("blockedConnectionTimeout");
        assertThat(connection.gate().queuedBytes()).isLessThanOrEqualTo(HIGH_WATERMARK + payload.length);
        broker.session().resumeReading();
    }
}
