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
}
