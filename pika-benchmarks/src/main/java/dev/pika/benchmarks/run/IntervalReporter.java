package dev.pika.benchmarks.run;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import dev.pika.benchmarks.stats.ProcessMetrics;
import dev.pika.benchmarks.stats.RunCounters;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints a PerfTest line every second from its own daemon thread, and samples heap and resident set size for the
 * run's peaks.
 *
 * <p>Thread-safe: started and stopped by the run's thread; the peaks are read and reset from any thread.
 */
final class IntervalReporter {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String id;
    private final RunCounters counters;
    private final RunLines.Shape shape;
    private final PrintStream out;
    private final boolean quiet;
    private final long startNanos;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean measuring;
    private long peakHeapBytes;
    private long peakRssBytes = -1;

    IntervalReporter(
            String id, RunCounters counters, RunLines.Shape shape, PrintStream out, boolean quiet, long startNanos) {
        this.id = id;
        this.counters = counters;
        this.shape = shape;
        this.out = out;
        this.quiet = quiet;
        this.startNanos = startNanos;
        this.thread = new Thread(this::loop, "perf-test-reporter");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The measurement started: later lines are no longer marked as warm-up, and the peaks start over. */
    void measuring() {
        measuring = true;
        resetPeaks();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void samplePeaks() {
        peakHeapBytes = Math.max(
                peakHeapBytes,
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        peakRssBytes = Math.max(peakRssBytes, ProcessMetrics.residentSetBytes());
    }

    synchronized void resetPeaks() {
        peakHeapBytes = 0;
        peakRssBytes = -1;
        samplePeaks();
    }

    synchronized long peakHeapBytes() {
        return peakHeapBytes;
    }

    synchronized long peakRssBytes() {
        return peakRssBytes;
    }

    private void loop() {
        CounterSnapshot previous = counters.snapshot();
        long previousNanos = startNanos;
        long tick = 1;
        while (!stopped) {
            long due = startNanos + tick * INTERVAL_NANOS;
            long wait;
            while (!stopped && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            CounterSnapshot current = counters.snapshot();
            LatencySummary latency = counters.latency().interval();
            samplePeaks();
            if (!quiet) {
                out.println(RunLines.interval(
                        id,
                        now - startNanos,
                        current.minus(previous),
                        now - previousNanos,
                        latency,
                        shape,
                        !measuring));
            }
            previous = current;
            previousNanos = now;
            tick++;
        }
    }
}
