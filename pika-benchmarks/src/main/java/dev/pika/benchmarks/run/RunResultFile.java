package dev.pika.benchmarks.run;

import dev.pika.benchmarks.stats.CounterSnapshot;
import dev.pika.benchmarks.stats.LatencySummary;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes a {@link RunResult} as a properties file and reads it back: how a forked PerfTest hands its result to the
 * comparison runner.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunResultFile {

    private RunResultFile() {}

    /**
     * Writes a result.
     *
     * @param file the file (replaced)
     * @param result the result
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, RunResult result) {
        Properties properties = new Properties();
        properties.setProperty("client", result.client());
        properties.setProperty("clientDescription", result.clientDescription());
        properties.setProperty("server", result.server());
        properties.setProperty("pid", Long.toString(result.pid()));
        properties.setProperty("producers", Integer.toString(result.producers()));
        properties.setProperty("consumers", Integer.toString(result.consumers()));
        properties.setProperty("confirms", Boolean.toString(result.confirms()));
        properties.setProperty("measuredNanos", Long.toString(result.measuredNanos()));
        CounterSnapshot counts = result.counts();
        properties.setProperty("sent", Long.toString(counts.sent()));
        properties.setProperty("confirmed", Long.toString(counts.confirmed()));
        properties.setProperty("nacked", Long.toString(counts.nacked()));
        properties.setProperty("returned", Long.toString(counts.returned()));
        properties.setProperty("received", Long.toString(counts.received()));
        LatencySummary latency = result.latency();
        properties.setProperty("latencyCount", Long.toString(latency.count()));
        properties.setProperty("latencyMinMicros", Double.toString(latency.minMicros()));
        properties.setProperty("latencyMedianMicros", Double.toString(latency.medianMicros()));
        properties.setProperty("latencyP95Micros", Double.toString(latency.p95Micros()));
        properties.setProperty("latencyP99Micros", Double.toString(latency.p99Micros()));
        properties.setProperty("latencyMaxMicros", Double.toString(latency.maxMicros()));
        properties.setProperty("cpuNanos", Long.toString(result.cpuNanos()));
        properties.setProperty("allocatedBytes", Long.toString(result.allocatedBytes()));
        properties.setProperty("peakThreads", Integer.toString(result.peakThreads()));
        properties.setProperty("peakHeapBytes", Long.toString(result.peakHeapBytes()));
        properties.setProperty("peakRssBytes", Long.toString(result.peakRssBytes()));
        properties.setProperty("gcCount", Long.toString(result.gcCount()));
        properties.setProperty("gcMillis", Long.toString(result.gcMillis()));
        if (result.error() != null) {
            properties.setProperty("error", result.error());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the result file " + file, e);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "pika-benchmarks PerfTest result");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result file " + file, e);
        }
    }

    /**
     * Reads a result.
     *
     * @param file a file written by {@link #write(Path, RunResult)}
     * @return the result
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when a value is missing or malformed
     */
    public static RunResult read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result file " + file, e);
        }
        Values values = new Values(properties, file);
        return new RunResult(
                values.string("client"),
                values.string("clientDescription"),
                values.string("server"),
                values.longValue("pid"),
                (int) values.longValue("producers"),
                (int) values.longValue("consumers"),
                Boolean.parseBoolean(values.string("confirms")),
                values.longValue("measuredNanos"),
                new CounterSnapshot(
                        values.longValue("sent"),
                        values.longValue("confirmed"),
                        values.longValue("nacked"),
                        values.longValue("returned"),
                        values.longValue("received")),
                new LatencySummary(
                        values.longValue("latencyCount"),
                        values.doubleValue("latencyMinMicros"),
                        values.doubleValue("latencyMedianMicros"),
                        values.doubleValue("latencyP95Micros"),
                        values.doubleValue("latencyP99Micros"),
                        values.doubleValue("latencyMaxMicros")),
                values.longValue("cpuNanos"),
                values.longValue("allocatedBytes"),
                (int) values.longValue("peakThreads"),
                values.longValue("peakHeapBytes"),
                values.longValue("peakRssBytes"),
                values.longValue("gcCount"),
                values.longValue("gcMillis"),
                properties.getProperty("error"));
    }

    private record Values(Properties properties, Path file) {

        String string(String key) {
            String value = properties.getProperty(key);
            if (value == null) {
                throw new IllegalArgumentException("result file " + file + " has no '" + key + "'");
            }
            return value;
        }

        long longValue(String key) {
            String value = string(key);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("result file " + file + ": '" + key + "' is not a number: " + value);
            }
        }

        double doubleValue(String key) {
            String value = string(key);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("result file " + file + ": '" + key + "' is not a number: " + value);
            }
        }
    }
}
