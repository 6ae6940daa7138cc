package dev.pika.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.channel.GetResult;
import dev.pika.exceptions.AmqpException;
import dev.pika.spring.core.PikaTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes numbered messages from several application threads until told to stop, and keeps the
 * books: every send's outcome (confirmed, or failed with which exception). Then checks the books
 * against the queue: nothing silently lost.
 */
final class PublishUnderFire {

    private final PikaTemplate template;
    private final String queue;
    private final List<CompletableFuture<Void>> sends = new ArrayList<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    PublishUnderFire(PikaTemplate template, String queue) {
        this.template = template;
        this.queue = queue;
    }

    void start(int threadCount) {
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread publisher = new Thread(
                    () -> {
                        for (int i = 0; !stop.get(); i++) {
                            String id = thread + "-" + i;
                            CompletableFuture<Void> send =
                                    template.send("", queue, id.getBytes(StandardCharsets.UTF_8));
                            sent.incrementAndGet();
                            send.whenComplete((ok, error) -> {
                                if (error == null) {
                                    confirmed.add(id);
                                } else {
                                    failures.add(error);
                                }
                            });
                            synchronized (sends) {
                                sends.add(send);
                            }
                            if (i % 50 == 49) {
                                send.exceptionally(e -> null).join(); // pace: a window of 50 per thread
                            }
                        }
                    },
                    "it-publisher-" + t);
            threads.add(publisher);
            publisher.start();
        }
    }

    int confirmedCount() {
        return confirmed.size();
    }

    int failedCount() {
        return failures.size();
    }

    /** Waits until {@code count} more sends were confirmed than {@code from}. */
    void awaitConfirmed(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (confirmed.size() < count) {
            assertThat(System.nanoTime())
                    .as("%s confirms within %s", count, timeout)
                    .isLessThan(deadline);
            Thread.sleep(10); // polling a counter with a bound, not waiting for time to pass
        }
    }

    /** Stops the publishers and waits until every send's future is done. */
    void stopAndSettle(Duration timeout) throws Exception {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(timeout.toMillis());
            assertThat(thread.isAlive()).as("publisher thread ended").isFalse();
        }
        CompletableFuture<?>[] all;
        synchronized (sends) {
            all = sends.toArray(new CompletableFuture<?>[0]);
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // whenComplete callbacks run before allOf completes only for futures completed on that thread; wait for books
        long deadline = System.nanoTime() + timeout.toNanos();
        while (confirmed.size() + failures.size() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Every send is accounted for, every failure is typed, and every confirmed message is in the queue. */
    void assertNothingSilentlyLost(SelectClient reader) throws Exception {
        assertThat(confirmed.size() + failures.size())
                .as("confirmed + failed == sent")
                .isEqualTo(sent.get());
        assertThat(failures).allSatisfy(failure -> assertThat(failure).isInstanceOf(AmqpException.class));
        Set<String> received = new HashSet<>();
        for (GetResult message : reader.drain(queue)) {
            received.add(new String(message.body(), StandardCharsets.UTF_8));
        }
        assertThat(confirmed.size()).as("confirmed <= received").isLessThanOrEqualTo(received.size());
        assertThat(received).as("every confirmed message arrived").containsAll(confirmed);
    }

    int sentCount() {
        return sent.get();
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }
}
