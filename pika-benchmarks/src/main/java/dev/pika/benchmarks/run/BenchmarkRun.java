package dev.pika.benchmarks.run;

import dev.pika.benchmarks.cli.PerfTestOptions;
import dev.pika.benchmarks.driver.ClientDriver;
import dev.pika.benchmarks.driver.ConsumePlan;
import dev.pika.benchmarks.driver.ConsumerHandle;
import dev.pika.benchmarks.driver.DriverConnection;
import dev.pika.benchmarks.driver.PublishPlan;
import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import dev.pika.benchmarks.stats.ProcessMetrics;
import dev.pika.benchmarks.stats.ProcessSnapshot;
import dev.pika.benchmarks.stats.RunCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one PerfTest scenario with one client: declares (and pre-fills) the queue, opens a connection per producer
 * and per consumer, runs them until the time limit or the message limits are met, and measures what happened after
 * the warm-up.
 *
 * <p>End condition: the time limit (warm-up plus {@code -z}) passes; or every producer has published its
 * {@code -C} messages and the consumers have received theirs ({@code -D} each, or everything published and
 * pre-filled); or, for producers without {@code -C}, every consumer has its {@code -D} messages; or a producer or an
 * ack fails; or {@link #requestStop()} is called. Without a warm-up, the measurement starts once every connection is
 * open and before the consumers subscribe, so a pre-filled queue is measured from its first delivery.
 *
 * <p>Thread-safe only for {@link #requestStop()}; {@link #execute()} runs once, on the calling thread, and starts
 * a thread per producer, a reporter thread and the ack workers, all ended before it returns.
 */
public final class BenchmarkRun {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int PREFILL_CONFIRM_WINDOW = 1_000;
    private static final Duration JOIN_TIMEOUT = PublishPlan.DEFAULT_SETTLE_TIMEOUT.plusSeconds(5);

    private final PerfTestOptions options;
    private final ClientDriver driver;
    private final PrintStream out;
    private final String id;
    private final String queue;
    private final RunCounters counters = new RunCounters();
    private final ProcessMetrics metrics = new ProcessMetrics();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger consumersAtLimit = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    /**
     * Prepares a run.
     *
     * @param options the run's options (action {@code RUN})
     * @param driver the client's driver
     * @param out where the lines go
     */
    public BenchmarkRun(PerfTestOptions options, ClientDriver driver, PrintStream out) {
        this.options = options;
        this.driver = driver;
        this.out = out;
        this.id = options.id().orElseGet(BenchmarkRun::generatedId);
        this.queue = options.queue().orElseGet(() -> "perf-test-" + driver.name() + "-" + randomSuffix());
    }

    /**
     * The run id on every line.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The queue the run uses.
     *
     * @return the queue name
     */
    public String queue() {
        return queue;
    }

    /** Ends the run early (Ctrl-C): it measures up to now, cleans up and returns. Any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Waits until {@link #execute()} has cleaned up.
     *
     * @param timeout the longest wait
     * @return true when it has
     */
    public boolean awaitFinished(Duration timeout) {
        try {
            return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the benchmark, printing PerfTest lines and the summary.
     *
     * @return the result; {@link RunResult#error()} says why when it failed
     */
    public RunResult execute() {
        RunLines.Shape shape = new RunLines.Shape(
                options.producers(), options.consumers(), options.confirmWindow() > 0, options.mandatory());
        out.printf(
                Locale.ROOT,
                "id: %s, client: %s (%s), queue: %s, %s%n",
                id,
                driver.name(),
                driver.description(),
                queue,
                String.join(" ", dev.pika.benchmarks.cli.PerfTestArguments.format(options)));
        List<DriverConnection> connections = new ArrayList<>();
        List<ConsumerHandle> subscriptions = new ArrayList<>();
        List<Thread> producerThreads = new ArrayList<>();
        ExecutorService ackWorkers = null;
        IntervalReporter reporter = null;
        String server = "unknown";
        RunResult result;
        boolean queueDeclared = false;
        try {
            try (DriverConnection setup = driver.connect(options.uri(), connectionName("setup"))) {
                server = setup.serverDescription();
                setup.declareQueue(queue, options.persistent());
                queueDeclared = true;
                prefill(setup);
            }
            if (options.ackThreads() > 0) {
                ackWorkers = Executors.newFixedThreadPool(options.ackThreads(), daemonThreads("perf-test-ack-worker"));
            }
            List<DriverConnection> consumerConnections = new ArrayList<>();
            for (int i = 0; i < options.consumers(); i++) {
                DriverConnection connection = driver.connect(options.uri(), connectionName("consumer-" + i));
                connections.add(connection);
                consumerConnections.add(connection);
            }
            List<DriverConnection> producerConnections = new ArrayList<>();
            for (int i = 0; i < options.producers(); i++) {
                DriverConnection connection = driver.connect(options.uri(), connectionName("producer-" + i));
                connections.add(connection);
                producerConnections.add(connection);
            }

            long start = System.nanoTime();
            reporter = new IntervalReporter(id, counters, shape, out, options.quiet(), start);
            reporter.start();
            Measurement measurement = options.warmup().isZero() ? Measurement.begin(this, reporter) : null;
            for (DriverConnection connection : consumerConnections) {
                subscriptions.add(connection.startConsumer(consumePlan(ackWorkers)));
            }
            for (int i = 0; i < producerConnections.size(); i++) {
                producerThreads.add(startProducer(i, producerConnections.get(i)));
            }
            long measureFrom = start + options.warmup().toNanos();
            while (!isOver(producerThreads, measurement)) {
                if (measurement == null && System.nanoTime() - measureFrom >= 0) {
                    measurement = Measurement.begin(this, reporter);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            if (measurement == null) {
                measurement = Measurement.begin(this, reporter);
            }
            result = measurement.end(server, failure.get());
            stopRequested = true;
            joinAll(producerThreads);
            subscriptions.forEach(ConsumerHandle::cancel);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            result = failedResult(server, e);
        } finally {
            stopRequested = true;
            connections.forEach(BenchmarkRun::closeQuietly);
            joinAll(producerThreads);
            if (ackWorkers != null) {
                ackWorkers.shutdownNow();
            }
            if (reporter != null) {
                reporter.stop();
            }
            if (queueDeclared && options.deleteQueue()) {
                deleteQueue();
            }
        }
        out.println(RunLines.summary(id, result, shape));
        finished.countDown();
        return result;
    }

    private void prefill(DriverConnection setup) {
        if (options.prefill() == 0) {
            return;
        }
        long start = System.nanoTime();
        RunCounters prefillCounters = new RunCounters();
        setup.runPublisher(PublishPlan.builder()
                .routingKey(queue)
                .bodySize(options.bodySize())
                .persistent(options.persistent())
                .confirmWindow(PREFILL_CONFIRM_WINDOW)
                .messageLimit(options.prefill())
                .timestamps(false)
                .prefill(true)
                .stopRequested(() -> stopRequested)
                .counters(prefillCounters)
                .build());
        CounterSnapshot done = prefillCounters.snapshot();
        if (done.confirmed() < options.prefill()) {
            throw new IllegalStateException("pre-filling the queue stopped at " + done.confirmed() + " confirmed of "
                    + options.prefill() + " messages (" + done.nacked() + " nacked)");
        }
        out.printf(
                Locale.ROOT,
                "id: %s, pre-filled %s with %d messages in %.3f s%n",
                id,
                queue,
                options.prefill(),
                (System.nanoTime() - start) / 1e9);
    }

    private ConsumePlan consumePlan(ExecutorService ackWorkers) {
        return ConsumePlan.builder()
                .queue(queue)
                .autoAck(options.autoAck())
                .prefetch(options.prefetch())
                .multipleAckEvery(options.multiAckEvery())
                .ackWorkers(ackWorkers)
                .ackWorkerThreads(options.ackThreads())
                .messageLimit(options.consumerMessageCount(), consumersAtLimit::incrementAndGet)
                .failureHandler(error -> failure.compareAndSet(null, error))
                .counters(counters)
                .build();
    }

    private Thread startProducer(int index, DriverConnection connection) {
        PublishPlan plan = PublishPlan.builder()
                .routingKey(queue)
                .bodySize(options.bodySize())
                .persistent(options.persistent())
                .mandatory(options.mandatory())
                .confirmWindow(options.confirmWindow())
                .messageLimit(options.producerMessageCount())
                .ratePerSecond(options.rate())
                .holdBack(options.maxBacklog() > 0 ? this::backlogFull : null)
                .stopRequested(() -> stopRequested)
                .counters(counters)
                .build();
        Thread thread = new Thread(
                () -> {
                    try {
                        connection.runPublisher(plan);
                    } catch (RuntimeException e) {
                        if (!stopRequested) {
                            failure.compareAndSet(null, e);
                        }
                    }
                },
                "perf-test-producer-" + index);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Whether more messages than {@code --max-backlog} are published and neither received nor returned. */
    private boolean backlogFull() {
        return counters.backlog() > options.maxBacklog();
    }

    private boolean isOver(List<Thread> producerThreads, Measurement measurement) {
        if (stopRequested || failure.get() != null) {
            return true;
        }
        if (measurement != null
                && !options.timeLimit().isZero()
                && System.nanoTime()
                                - measurement.process().wallNanos()
                                - options.timeLimit().toNanos()
                        >= 0) {
            return true;
        }
        if (!consumersDone()) {
            return false;
        }
        // Producers without a limit of their own stop when the consumers have their -D messages.
        boolean producersUnbounded = options.producerMessageCount() == 0 && options.consumerMessageCount() > 0;
        return producersUnbounded || producerThreads.stream().noneMatch(Thread::isAlive);
    }

    private boolean consumersDone() {
        if (options.consumers() == 0) {
            return true;
        }
        if (options.consumerMessageCount() > 0) {
            return consumersAtLimit.get() >= options.consumers();
        }
        long published = options.producers() > 0 && options.producerMessageCount() > 0
                ? options.producers() * options.producerMessageCount()
                : -1;
        if (published < 0 && !(options.producers() == 0 && options.prefill() > 0)) {
            return false; // consumers run until the time limit
        }
        CounterSnapshot now = counters.snapshot();
        long expected = Math.max(0, published) + options.prefill() - now.returned() - now.nacked();
        return now.received() >= expected;
    }

    private void joinAll(List<Thread> threads) {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deleteQueue() {
        try (DriverConnection cleanup = driver.connect(options.uri(), connectionName("cleanup"))) {
            cleanup.deleteQueue(queue);
        } catch (RuntimeException e) {
            out.println("id: " + id + ", warning: could not delete queue " + queue + ": " + e.getMessage());
        }
    }

    private RunResult failedResult(String server, Throwable error) {
        return new RunResult(
                driver.name(),
                driver.description(),
                server,
                ProcessHandle.current().pid(),
                options.producers(),
                options.consumers(),
                options.confirmWindow() > 0,
                0,
                CounterSnapshot.ZERO,
                LatencySummary.EMPTY,
                -1,
                -1,
                0,
                0,
                -1,
                0,
                0,
                describe(error));
    }

    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error));
        Throwable cause = error.getCause();
        while (cause != null && cause != error) {
            text.append("; caused by ").append(cause);
            error = cause;
            cause = cause.getCause();
        }
        return text.toString().replace('\n', ' ');
    }

    private String connectionName(String role) {
        return "perf-test-" + id + "-" + role;
    }

    private static void closeQuietly(DriverConnection connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // Closing is best effort at the end of a run; the result is already taken.
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String generatedId() {
        return "test-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + "-"
                + ThreadLocalRandom.current().nextInt(100, 1000);
    }

    private static String randomSuffix() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** The baseline taken when the measurement starts, and what changed by its end. */
    private record Measurement(
            BenchmarkRun run, IntervalReporter reporter, CounterSnapshot counts, ProcessSnapshot process) {

        static Measurement begin(BenchmarkRun run, IntervalReporter reporter) {
            run.counters.latency().resetTotal();
            run.metrics.resetPeakThreads();
            reporter.measuring();
            return new Measurement(run, reporter, run.counters.snapshot(), run.metrics.snapshot());
        }

        RunResult end(String server, Throwable error) {
            ProcessSnapshot processNow = run.metrics.snapshot();
            CounterSnapshot countsNow = run.counters.snapshot();
            LatencySummary latency = run.counters.latency().total();
            reporter.samplePeaks();
            PerfTestOptions options = run.options;
            return new RunResult(
                    run.driver.name(),
                    run.driver.description(),
                    server,
                    ProcessHandle.current().pid(),
                    options.producers(),
                    options.consumers(),
                    options.confirmWindow() > 0,
                    processNow.wallNanos() - process.wallNanos(),
                    countsNow.minus(counts),
                    latency,
                    difference(processNow.cpuNanos(), process.cpuNanos()),
                    difference(processNow.allocatedBytes(), process.allocatedBytes()),
                    run.metrics.peakThreads(),
                    reporter.peakHeapBytes(),
                    reporter.peakRssBytes(),
                    processNow.gcCount() - process.gcCount(),
                    processNow.gcMillis() - process.gcMillis(),
                    error == null ? null : describe(error));
        }

        private static long difference(long now, long before) {
            return now < 0 || before < 0 ? -1 : now - before;
        }
    }
}
