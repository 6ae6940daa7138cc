package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The application thread's parking spot never misses an event, whatever the interleaving of producers. */
class EventInboxTest {

    @Test
    void aConsumerWaitingWithoutDeadlineSeesEveryEventOfManyProducers() throws Exception {
        EventInbox inbox = new EventInbox();
        int producers = 4;
        int perProducer = 50_000;
        AtomicLong consumed = new AtomicLong();
        Thread consumer = new Thread(() -> {
            while (consumed.get() < (long) producers * perProducer) {
                inbox.await(EventInbox.NO_DEADLINE);
                while (inbox.poll() != null) {
                    consumed.incrementAndGet();
                }
            }
        });
        consumer.setDaemon(true);
        consumer.start();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    inbox.offer(new Event.Callback(() -> {}));
                    if (i % 64 == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        consumer.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(consumer.isAlive()).as("the consumer missed a wake-up").isFalse();
        assertThat(consumed.get()).isEqualTo((long) producers * perProducer);
    }

    @Test
    void awaitReturnsAtTheDeadlineOrOnInterrupt() {
        EventInbox inbox = new EventInbox();
        long start = System.nanoTime();
        inbox.await(System.nanoTime() + Duration.ofMillis(30).toNanos());
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        Thread.currentThread().interrupt();
        inbox.await(EventInbox.NO_DEADLINE);
        assertThat(Thread.interrupted()).isTrue();
        inbox.offer(new Event.Callback(() -> {}));
        inbox.await(EventInbox.NO_DEADLINE);
        assertThat(inbox.poll()).isNotNull();
        assertThat(inbox.isEmpty()).isTrue();
    }

    /** A thread parked in {@code await} without deadline, and whether it returned. */
    private static final class ParkedConsumer {
        final Thread thread;
        final java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);

        ParkedConsumer(EventInbox inbox) {
            thread = new Thread(() -> {
                inbox.await(EventInbox.NO_DEADLINE);
                returned.countDown();
            });
            thread.setDaemon(true);
            thread.start();
            Await.until("the consumer parks", () -> thread.getState() == Thread.State.WAITING);
        }

        boolean hasReturned() {
            return returned.getCount() == 0;
        }
    }

    @Test
    void deliveriesFromTheLoopWakeAParkedThreadOnceAfterTheTurn() {
        EventInbox inbox = new EventInbox();
        List<Runnable> endOfTurn = new ArrayList<>();
        inbox.batchWakeUpsOn(endOfTurn::add);
        ParkedConsumer consumer = new ParkedConsumer(inbox);

        for (int i = 0; i < EventInbox.WAKE_BATCH - 1; i++) {
            inbox.offerFromLoop(new Event.Callback(() -> {}));
        }
        assertThat(endOfTurn).as("one wake-up queued for the turn").hasSize(1);
        assertThat(consumer.thread.getState()).isEqualTo(Thread.State.WAITING);

        endOfTurn.get(0).run(); // the turn's reads are done
        Await.until("the consumer is woken", consumer::hasReturned);
        int polled = 0;
        while (inbox.poll() != null) {
            polled++;
        }
        assertThat(polled).isEqualTo(EventInbox.WAKE_BATCH - 1);
    }

    @Test
    void aFullBatchWakesAtOnce() {
        EventInbox inbox = new EventInbox();
        List<Runnable> endOfTurn = new ArrayList<>();
        inbox.batchWakeUpsOn(endOfTurn::add);
        ParkedConsumer consumer = new ParkedConsumer(inbox);

        for (int i = 0; i < EventInbox.WAKE_BATCH; i++) {
            inbox.offerFromLoop(new Event.Callback(() -> {}));
        }
        Await.until("the consumer is woken before the turn ends", consumer::hasReturned);
    }

    @Test
    void aWakeUpTheClosingLoopHandsBackOrRefusesWakesTheThread() {
        EventInbox inbox = new EventInbox();
        List<Runnable> endOfTurn = new ArrayList<>();
        inbox.batchWakeUpsOn(endOfTurn::add);
        ParkedConsumer handedBack = new ParkedConsumer(inbox);
        inbox.offerFromLoop(new Event.Callback(() -> {}));
        ((dev.pika.io.DiscardableCallback) endOfTurn.get(0)).discarded();
        Await.until("woken by the handed-back wake-up", handedBack::hasReturned);
        inbox.poll();

        inbox.batchWakeUpsOn(task -> {
            throw new IllegalStateException("the IoLoop is closed");
        });
        ParkedConsumer refused = new ParkedConsumer(inbox);
        inbox.offerFromLoop(new Event.Callback(() -> {}));
        Await.until("woken at once", refused::hasReturned);
    }

    @Test
    void batchedWakeUpsLoseNoDeliveryWhateverTheTurnsLength() throws Exception {
        EventInbox inbox = new EventInbox();
        List<Runnable> endOfTurn = new ArrayList<>();
        inbox.batchWakeUpsOn(endOfTurn::add); // run by the producer below: it plays the loop's thread
        int total = 200_000;
        AtomicLong consumed = new AtomicLong();
        Thread consumer = new Thread(() -> {
            while (consumed.get() < total) {
                inbox.await(EventInbox.NO_DEADLINE);
                while (inbox.poll() != null) {
                    consumed.incrementAndGet();
                }
            }
        });
        consumer.setDaemon(true);
        consumer.start();
        java.util.Random random = new java.util.Random(7);
        int offered = 0;
        while (offered < total) {
            int turn = Math.min(total - offered, 1 + random.nextInt(150));
            for (int i = 0; i < turn; i++) {
                inbox.offerFromLoop(new Event.Callback(() -> {}));
            }
            offered += turn;
            for (Runnable task : List.copyOf(endOfTurn)) {
                endOfTurn.remove(task);
                task.run();
            }
        }
        consumer.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(consumer.isAlive()).as("the consumer missed a wake-up").isFalse();
        assertThat(consumed.get()).isEqualTo(total);
    }
}
