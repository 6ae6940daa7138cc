package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.cli.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario matrix of issue 10: publish only; pipelined confirms (window 1, 100, 1000); draining a pre-filled
 * queue with auto-ack and manual acks (prefetch 1/100/1000, per message and {@code multiple}); acks from 4 worker
 * threads; fixed-rate latency at 1k and 10k msg/s; saturation with 1 and 2 producer/consumer pairs; 1 KB, 64 KB and
 * 1 MB bodies; 50 connections at a low rate.
 *
 * <p>Small messages are 100 bytes. Each scenario runs 3 seconds after the warm-up by default, so the whole matrix with
 * the two RabbitMQ Java client drivers and 3 repetitions takes about 12 minutes. Large-body scenarios publish with a
 * confirm window so that the shared broker never holds more than a few tens of MB for them.
 *
 * <p>Stateless and thread-safe.
 */
public final class Scenarios {

    /** The measured duration of a scenario unless {@code --duration} says otherwise. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

    private static final int SMALL = 100;

    private Scenarios() {}

    /**
     * Every scenario, in table order.
     *
     * @return the scenarios
     */
    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        PerfTestOptions.Builder publisher = base().producers(1).consumers(0).bodySize(SMALL);
        all.add(new Scenario(
                "publish",
                "publish only, no confirms, 1 producer",
                publisher.build(),
                "client CPU on the publishing thread and the broker's ingress (one queue process)"));
        for (int window : new int[] {1, 100, 1000}) {
            all.add(new Scenario(
                    "confirm-" + window,
                    "publish with pipelined confirms, window " + window,
                    publisher.confirmWindow(window).build(),
                    window == 1
                            ? "one broker round trip per message: both sides mostly wait"
                            : "broker confirm batching and the client's confirm bookkeeping"));
        }
        PerfTestOptions.Builder drain = base().producers(0).consumers(1).bodySize(SMALL);
        all.add(new Scenario(
                "drain-autoack",
                "drain a pre-filled queue, auto-ack",
                drain.autoAck(true).prefill(200_000).build(),
                "the broker's delivery rate from one queue; client decode and dispatch"));
        all.add(new Scenario(
                "drain-ack-q1",
                "drain, manual ack per message, prefetch 1",
                drain.autoAck(false).prefetch(1).prefill(20_000).build(),
                "one round trip per message (ack, then the next delivery)"));
        all.add(new Scenario(
                "drain-ack-q100",
                "drain, manual ack per message, prefetch 100",
                drain.prefetch(100).prefill(150_000).build(),
                "client CPU per delivery and per ack frame; the queue process"));
        all.add(new Scenario(
                "drain-ack-q1000",
                "drain, manual ack per message, prefetch 1000",
                drain.prefetch(1000).prefill(150_000).build(),
                "client CPU per delivery and per ack frame; the queue process"));
        all.add(new Scenario(
                "drain-multiack-q100",
                "drain, prefetch 100, ack 'multiple' every 50",
                drain.prefetch(100).multiAckEvery(50).prefill(150_000).build(),
                "client decode and dispatch (few ack frames)"));
        all.add(new Scenario(
                "drain-multiack-q1000",
                "drain, prefetch 1000, ack 'multiple' every 500",
                drain.prefetch(1000).multiAckEvery(500).prefill(200_000).build(),
                "client decode and dispatch (few ack frames)"));
        all.add(new Scenario(
                "worker-acks-4",
                "drain, prefetch 1000, each message acked by one of 4 worker threads",
                drain.prefetch(1000)
                        .multiAckEvery(0)
                        .ackThreads(4)
                        .prefill(150_000)
                        .build(),
                "the hand-off from worker threads to the connection (locks, wake-ups)"));
        PerfTestOptions.Builder pair =
                base().producers(1).consumers(1).bodySize(SMALL).prefetch(100);
        all.add(new Scenario(
                "latency-1k",
                "1 producer at 1,000 msg/s, 1 consumer, prefetch 100, end-to-end latency",
                pair.rate(1_000).build(),
                "latency: wake-ups and flushes, not throughput"));
        all.add(new Scenario(
                "latency-10k",
                "1 producer at 10,000 msg/s, 1 consumer, prefetch 100, end-to-end latency",
                pair.rate(10_000).build(),
                "latency under moderate load: batching versus per-message flushes"));
        PerfTestOptions.Builder saturation =
                base().bodySize(SMALL).prefetch(1000).rate(0);
        all.add(new Scenario(
                "pairs-1",
                "saturation: 1 producer and 1 consumer, prefetch 1000",
                saturation.producers(1).consumers(1).build(),
                "CPU: client and broker share 2 cores; the queue process"));
        all.add(new Scenario(
                "pairs-2",
                "saturation: 2 producers and 2 consumers on one queue, prefetch 1000",
                saturation.producers(2).consumers(2).build(),
                "CPU: client and broker share 2 cores; the queue process"));
        PerfTestOptions.Builder sized = base().producers(1).consumers(1);
        all.add(new Scenario(
                "size-1k",
                "1 KB bodies, 1 pair, prefetch 1000, confirm window 1000",
                sized.bodySize(1024).prefetch(1000).confirmWindow(1000).build(),
                "client and broker CPU per message"));
        all.add(new Scenario(
                "size-64k",
                "64 KB bodies, 1 pair, prefetch 100, confirm window 200",
                sized.bodySize(64 * 1024).prefetch(100).confirmWindow(200).build(),
                "copies: bytes per second through client, loopback and broker"));
        all.add(new Scenario(
                "size-1m",
                "1 MB bodies, 1 pair, prefetch 10, confirm window 20",
                sized.bodySize(1024 * 1024).prefetch(10).confirmWindow(20).build(),
                "copies and frame splitting (frame_max 128 KiB): bytes per second"));
        all.add(new Scenario(
                "connections-50",
                "25 producers at 20 msg/s and 25 consumers, 50 connections (threads, heap, RSS)",
                base().producers(25)
                        .consumers(25)
                        .bodySize(SMALL)
                        .prefetch(100)
                        .rate(20)
                        .build(),
                "idle cost per connection: threads, memory, timer wake-ups"));
        return List.copyOf(all);
    }

    private static PerfTestOptions.Builder base() {
        return PerfTestOptions.builder().timeLimit(DEFAULT_DURATION);
    }

    /**
     * The scenarios the patterns select, in table order.
     *
     * @param patterns names or {@code prefix*} patterns; empty for all
     * @return the selected scenarios
     * @throws UsageException when a pattern selects nothing
     */
    public static List<Scenario> select(List<String> patterns) {
        List<Scenario> all = all();
        if (patterns.isEmpty()) {
            return all;
        }
        for (String pattern : patterns) {
            if (all.stream().noneMatch(s -> s.matches(pattern))) {
                throw new UsageException("--scenarios: no scenario matches '" + pattern + "'; --list shows them");
            }
        }
        return all.stream().filter(s -> patterns.stream().anyMatch(s::matches)).toList();
    }
}
