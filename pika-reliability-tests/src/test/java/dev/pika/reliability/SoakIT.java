package dev.pika.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The soak: hours of confirmed publishing and manual-ack consuming through a {@link FaultProxy} while faults come
 * round periodically (RST cut, FIN cut, both directions stalled past the heartbeat timeout, latency bursts), with a
 * line every minute: heap after a full GC, live threads (and the client's {@code pika-} ones), published, confirmed,
 * consumed, confirmed-not-yet-consumed, failed back, duplicates. At the end the publisher stops, the queue drains and
 * the run is judged: lost = 0, every failure a typed {@code AmqpException}, every unflagged duplicate explained by a
 * republish of a publish that was failed back, no {@code pika-} thread left, and the heap
 * after GC at the end no more than {@link #HEAP_GROWTH_ALLOWED} above the first minute's.
 *
 * <p>Off by default (CI skips it with this reason); on with {@code -Dpika.soak.duration=PT2H} (any ISO-8601
 * duration). Knobs: {@code pika.soak.rate} messages per second (default 1,000), {@code pika.soak.faultInterval}
 * (default PT20S), {@code pika.soak.reportInterval} (default PT1M).
 */
@PikaIntegrationTest
class SoakIT {

    static final String DURATION_PROPERTY = "pika.soak.duration";

    /** Heap the client may keep beyond the first minute's after a whole soak (buffers warm up, caches fill). */
    static final long HEAP_GROWTH_ALLOWED = 64L << 20;

    /** The heartbeat of the soak's connections: a stall is detected within 2 intervals. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private static final Duration DRAIN = Duration.ofMinutes(3);

    TestBroker broker;

    /** The faults, in turn. */
    private enum Fault {
        CUT_RESET,
        CUT_FIN,
        STALL,
        LATENCY
    }

    @Test
    void publishAndConsumeForHoursUnderPeriodicFaults() throws Exception {
        String durationText = System.getProperty(DURATION_PROPERTY);
        assumeTrue(
                durationText != null && !durationText.isBlank(),
                "the soak is off: run it with -D" + DURATION_PROPERTY + "=PT2H (any ISO-8601 duration)");
        Duration duration = Duration.parse(durationText);
        int rate = Integer.getInteger("pika.soak.rate", 1_000);
        Duration faultInterval = Duration.parse(System.getProperty("pika.soak.faultInterval", "PT20S"));
        Duration reportInterval = Duration.parse(System.getProperty("pika.soak.reportInterval", "PT1M"));

        String queue = broker.name("soak");
        try (BlockingConnection admin = new BlockingConnection(direct("soak-admin"))) {
            admin.channel().queueDeclare(queue);
        }
        Set<String> threadsBefore = PikaThreads.live();
        SoakLedger ledger = new SoakLedger();
        PublishFailures failures = new PublishFailures();
        List<String> lines = new ArrayList<>();
        long firstHeap = -1;
        long lastHeap;
        int faults = 0;
        System.out.println("[pika-soak] " + duration + " at " + rate + " msg/s, a fault every " + faultInterval
                + ", a line every " + reportInterval + ", broker " + broker.description());
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            FailoverPublisher publisher = new FailoverPublisher(
                    List.of(through(proxy, "soak-publisher")), queue, Integer.MAX_VALUE, ledger, failures, rate);
            FailoverConsumer consumer = new FailoverConsumer(List.of(through(proxy, "soak-consumer")), queue, ledger);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long nextFault = start + faultInterval.toNanos();
            long nextReport = start + reportInterval.toNanos();
            try {
                publisher.start();
                consumer.start();
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    if (now >= nextFault) {
                        inject(proxy, Fault.values()[faults % Fault.values().length]);
                        faults++;
                        nextFault += faultInterval.toNanos();
                    }
                    if (now >= nextReport) {
                        long heap = heapAfterGc();
                        if (firstHeap < 0) {
                            firstHeap = heap;
                        }
                        lines.add(report(start, heap, ledger, failures, faults));
                        nextReport += reportInterval.toNanos();
                    }
                    long sleep = Math.min(Math.min(nextFault, nextReport), end) - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep); // the soak's schedule, not a wait for a condition
                    }
                }
                publisher.stop();
                Waits.until("the publisher stopped", () -> publisher.done().isDone(), Waits.CLOSE_TIMEOUT, () -> "");
                proxy.resume(Direction.BOTH);
                proxy.latency(Direction.BOTH, Duration.ZERO);
                Waits.until(
                        "every confirmed message consumed",
                        () -> ledger.snapshot().confirmedNotConsumed() == 0,
                        DRAIN,
                        () -> ledger.snapshot().toString());
            } finally {
                publisher.close();
                consumer.close();
            }
            lastHeap = heapAfterGc();
            lines.add(report(start, lastHeap, ledger, failures, faults));
        }
        try (BlockingConnection admin = new BlockingConnection(direct("soak-admin"))) {
            BlockingChannel channel = admin.channel();
            assertThat(channel.queueDeclare(queue, true, false, false, false, null)
                            .messageCount())
                    .as("nothing ready in the queue after the drain")
                    .isZero();
            channel.queueDelete(queue);
        }
        SoakLedger.Snapshot result = ledger.snapshot();
        ReliabilityReport.shared()
                .add(new ReliabilityReport.Row(
                        "soak " + duration + " at " + rate + " msg/s, a fault every " + faultInterval,
                        faults,
                        result.confirmed(),
                        result.confirmedNotConsumed(),
                        result.duplicates(),
                        null,
                        "heap after GC " + (firstHeap >> 20) + " -> " + (lastHeap >> 20) + " MiB; failed back "
                                + result.failedBack() + " " + failures.byType() + "; redelivered duplicates "
                                + result.redeliveredDuplicates()));
        assertThat(faults).as("faults injected").isPositive();
        assertThat(result.confirmedNotConsumed()).as("lost; " + result).isZero();
        assertThat(failures.untyped())
                .as("failures that were not typed AmqpExceptions")
                .isZero();
        assertThat(result.duplicates() - result.redeliveredDuplicates())
                .as("duplicates without the redelivered flag, each explained by a republish after a failed-back"
                        + " publish; " + result)
                .isLessThanOrEqualTo(result.failedBack());
        assertThat(result.confirmed()).as("the soak moved messages").isPositive();
        PikaThreads.awaitNoneBut(threadsBefore, Waits.CLOSE_TIMEOUT);
        assertThat(lastHeap)
                .as("heap after GC at the end vs the first minute's (%d MiB)", firstHeap >> 20)
                .isLessThanOrEqualTo(Math.max(firstHeap, 0) + HEAP_GROWTH_ALLOWED);
    }

    private ConnectionParameters direct(String name) {
        return ConnectionParameters.builder()
                .host(broker.host())
                .port(broker.port())
                .connectionName(name)
                .build();
    }

    private static ConnectionParameters through(FaultProxy proxy, String name) {
        return ConnectionParameters.builder()
                .host(proxy.host())
                .port(proxy.port())
                .connectionName(name)
                .heartbeat(HEARTBEAT)
                .socketTimeout(Duration.ofSeconds(5))
                .stackTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static void inject(FaultProxy proxy, Fault fault) throws InterruptedException {
        switch (fault) {
            case CUT_RESET -> proxy.cutAll(CutMode.RESET);
            case CUT_FIN -> proxy.cutAll(CutMode.FIN);
            case STALL -> {
                proxy.stall(Direction.BOTH);
                TimeUnit.NANOSECONDS.sleep(HEARTBEAT.multipliedBy(3).toNanos()); // the length of the stall
                proxy.resume(Direction.BOTH);
            }
            case LATENCY -> {
                proxy.latency(Direction.BOTH, Duration.ofMillis(200));
                TimeUnit.SECONDS.sleep(3); // the length of the latency burst
                proxy.latency(Direction.BOTH, Duration.ZERO);
            }
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String report(long start, long heap, SoakLedger ledger, PublishFailures failures, int faults) {
        SoakLedger.Snapshot now = ledger.snapshot();
        String line = String.format(
                "t=%4ds heap-after-gc=%4d MiB threads=%3d pika-threads=%2d faults=%4d published=%9d confirmed=%9d"
                        + " consumed=%9d in-flight=%6d failed-back=%5d duplicates=%5d (redelivered %d)",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                heap >> 20,
                ManagementFactory.getThreadMXBean().getThreadCount(),
                PikaThreads.live().size(),
                faults,
                now.publishAttempts(),
                now.confirmed(),
                now.consumed(),
                now.confirmedNotConsumed(),
                now.failedBack(),
                now.duplicates(),
                now.redeliveredDuplicates());
        System.out.println("[pika-soak] " + line);
        return line;
    }
}
