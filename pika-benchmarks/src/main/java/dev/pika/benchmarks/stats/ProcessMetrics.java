package dev.pika.benchmarks.stats;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the process's CPU time, allocation, threads and memory from the platform MXBeans and
 * {@code /proc/self/status}.
 *
 * <p>CPU time is {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}: every thread of the process,
 * the client's and the benchmark's alike. Allocation is
 * {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}: heap bytes allocated by every thread,
 * including threads that ended. Both are -1 on a JVM without the {@code com.sun.management} extensions.
 *
 * <p>Thread-safe; the peak thread counter it resets is the JVM's.
 */
public final class ProcessMetrics {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    /** Creates a reader and turns on per-thread allocation accounting where the JVM has it. */
    public ProcessMetrics() {
        if (threads instanceof com.sun.management.ThreadMXBean extended
                && extended.isThreadAllocatedMemorySupported()
                && !extended.isThreadAllocatedMemoryEnabled()) {
            extended.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /**
     * Reads everything now.
     *
     * @return the snapshot
     */
    public ProcessSnapshot snapshot() {
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        return new ProcessSnapshot(
                System.nanoTime(),
                cpuNanos(),
                allocatedBytes(),
                threads.getThreadCount(),
                memory.getHeapMemoryUsage().getUsed(),
                residentSetBytes(),
                gcCount,
                gcMillis);
    }

    /**
     * The process's CPU time.
     *
     * @return nanoseconds of CPU used by the whole process, or -1 when the JVM does not report it
     */
    public long cpuNanos() {
        if (os instanceof com.sun.management.OperatingSystemMXBean extended) {
            return extended.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Heap bytes allocated by every thread since the JVM started.
     *
     * @return the total, or -1 when the JVM does not report it
     */
    public long allocatedBytes() {
        if (threads instanceof com.sun.management.ThreadMXBean extended && extended.isThreadAllocatedMemoryEnabled()) {
            return extended.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /**
     * The most threads alive at once since the last {@link #resetPeakThreads()}.
     *
     * @return the peak
     */
    public int peakThreads() {
        return threads.getPeakThreadCount();
    }

    /** Restarts the peak thread count from the threads alive now. */
    public void resetPeakThreads() {
        threads.resetPeakThreadCount();
    }

    /**
     * The resident set size from {@code /proc/self/status} ({@code VmRSS}).
     *
     * @return bytes, or -1 where the file does not exist or cannot be read
     */
    public static long residentSetBytes() {
        long kilobytes = procStatusKilobytes("VmRSS:");
        return kilobytes < 0 ? -1 : kilobytes * 1024L;
    }

    static long procStatusKilobytes(String key) {
        if (!Files.isReadable(PROC_STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    return parseKilobytes(line.substring(key.length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static long parseKilobytes(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        String number = space < 0 ? trimmed : trimmed.substring(0, space);
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
