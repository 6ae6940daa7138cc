package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ConnectionWrongStateException;
import dev.pika.exceptions.ReentrancyException;
import dev.pika.io.TimerReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pika's dispatch rules, on a scripted peer: callbacks run on the application thread, only inside processDataEvents,
 * sleep, startConsuming and the consume iterator, never nested in another blocking call, in arrival order; nested
 * calls do not dispatch and startConsuming refuses to nest.
 */
class DispatchRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MiniBroker broker;
    private BlockingConnection connection;
    private BlockingChannel channel;

    @BeforeEach
    void connect() {
        broker = MiniBroker.start();
        connection = new BlockingConnection(broker.parameters());
        channel = connection.channel();
    }

    @AfterEach
    void close() {
        connection.close();
        broker.close();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Processes events until {@code done} holds, at most {@link #WAIT}. */
    private void processUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("condition within " + WAIT)
                    .isNegative();
            connection.processDataEvents(Duration.ofMillis(100));
        }
    }

    @Test
    void startConsumingFromACallbackIsAReentrancyError() {
        AtomicReference<Throwable> nested = new AtomicReference<>();
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> {
            try {
                ch.startConsuming();
            } catch (RuntimeException e) {
                nested.set(e);
            }
            ch.stopConsuming();
        });
        broker.session().deliver(1, tag, 1, body("one"));
        channel.startConsuming();
        assertThat(nested.get())
                .isInstanceOf(ReentrancyException.class)
                .hasMessageContaining("startConsuming may not be called from the scope of another");
        assertThat(channel.consumerTags()).isEmpty();
    }

    @Test
    void nestedCallsDoNotDispatchAndCallbacksRunInArrivalOrder() {
        List<String> order = new ArrayList<>();
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> {
            maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
            order.add(text(payload));
            // Nested: waits, dispatches nothing, and blocking calls queue what arrives.
            connection.processDataEvents(Duration.ofMillis(50));
            ch.queueDeclare("nested");
            depth.decrementAndGet();
            ch.basicAck(method.deliveryTag());
        });
        for (int i = 1; i <= 20; i++) {
            broker.session().deliver(1, tag, i, body("m" + i));
        }
        processUntil(() -> order.size() == 20);
        assertThat(maxDepth.get()).isEqualTo(1);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("m" + i);
        }
        assertThat(order).isEqualTo(expected);
        assertThat(broker.await(dev.pika.spec.Basic.Ack.class, 20, WAIT))
                .extracting(dev.pika.spec.Basic.Ack::deliveryTag)
                .containsExactly(
                        1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void aMessageArrivingDuringABlockingCallWaitsForProcessDataEvents() {
        List<String> received = new ArrayList<>();
        String tag = channel.basicConsume("queue", (ch, method, properties, payload) -> received.add(text(payload)));
        broker.session().deliver(1, tag, 1, body("early"));
        // The delivery reaches the client before the DeclareOk: it is queued, not dispatched inside queueDeclare.
        channel.queueDeclare("q");
        channel.basicQos(10);
        assertThat(received).isEmpty();
        connection.processDataEvents(Duration.ZERO);
        assertThat(received).containsExactly("early");
    }

    @Test
    void threadSafeCallbacksAndTimersRunOnTheApplicationThreadInOrder() throws Exception {
        Thread application = Thread.currentThread();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                int index = i;
                connection.addCallbackThreadsafe(() -> {
                    threads.add(Thread.currentThread());
                    order.add(index);
                });
            }
        });
        producer.start();
        producer.join();
        assertThat(order)
                .as("nothing runs before the application processes events")
                .isEmpty();
        AtomicReference<Thread> timerThread = new AtomicReference<>();
        connection.callLater(Duration.ofMillis(30), () -> timerThread.set(Thread.currentThread()));
        processUntil(() -> order.size() == 100 && timerThread.get() != null);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
        assertThat(threads).containsOnly(application);
        assertThat(timerThread.get()).isSameAs(application);
    }

    @Test
    void aRemovedTimerDoesNotRunEvenWhenItAlreadyExpired() {
        List<String> fired = new ArrayList<>();
        TimerReference cancelledEarly = connection.callLater(Duration.ofMillis(20), () -> fired.add("early"));
        connection.removeTimeout(cancelledEarly);
        TimerReference expired = connection.callLater(Duration.ZERO, () -> fired.add("expired"));
        Await.until("the timer expires", () -> !connection.inbox().isEmpty());
        connection.removeTimeout(expired);
        connection.callLater(Duration.ofMillis(40), () -> fired.add("kept"));
        processUntil(() -> fired.contains("kept"));
        connection.sleep(Duration.ofMillis(50));
        assertThat(fired).containsExactly("kept");
    }

    @Test
    void aCallbackExceptionPropagatesAndLeavesTheRestQueued() {
        List<String> ran = new ArrayList<>();
        connection.addCallbackThreadsafe(() -> {
            ran.add("first");
            throw new IllegalStateException("boom");
        });
        connection.addCallbackThreadsafe(() -> ran.add("second"));
        assertThatThrownBy(() -> connection.processDataEvents(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(ran).containsExactly("first");
        connection.processDataEvents(Duration.ZERO);
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void processDataEventsWithoutLimitReturnsAfterTheFirstEvent() throws Exception {
        List<String> ran = new ArrayList<>();
        Thread later = new Thread(() -> connection.addCallbackThreadsafe(() -> ran.add("late")));
        later.start();
        connection.processDataEvents();
        later.join();
        assertThat(ran).containsExactly("late");
    }

    @Test
    void addCallbackThreadsafeOnAClosedConnectionFails() {
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(() -> connection.addCallbackThreadsafe(() -> {}))
                .isInstanceOf(ConnectionWrongStateException.class)
                .hasMessageContaining("addCallbackThreadsafe() called on a closed connection");
    }

    @Test
    void interruptEndsStartConsumingAndKeepsTheFlag() throws Exception {
        channel.basicConsume("queue", (ch, method, properties, payload) -> {});
        Thread consumer = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            connection.addCallbackThreadsafe(consumer::interrupt);
        });
        interrupter.start();
        channel.startConsuming();
        assertThat(Thread.interrupted()).as("the interrupt status stays set").isTrue();
        interrupter.join();
        assertThat(channel.consumerTags()).hasSize(1);
    }
}
