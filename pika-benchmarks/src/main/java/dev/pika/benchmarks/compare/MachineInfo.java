package dev.pika.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark ran on: cores, CPU model, memory, operating system and JVM, for the table's header.
 *
 * <p>Immutable.
 *
 * @param cores processors available to the JVM
 * @param cpuModel the CPU model from {@code /proc/cpuinfo}, or {@code "unknown"}
 * @param memoryGibibytes physical memory from {@code /proc/meminfo}, or NaN
 * @param operatingSystem OS name, version and architecture
 * @param jvm JVM name and version
 */
public record MachineInfo(int cores, String cpuModel, double memoryGibibytes, String operatingSystem, String jvm) {

    /**
     * Reads this machine's.
     *
     * @return the description
     */
    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                procValue(Path.of("/proc/meminfo"), "MemTotal")
                        .map(MachineInfo::kilobytesToGibibytes)
                        .orElse(Double.NaN),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /**
     * One line for headers.
     *
     * @return e.g. {@code 2 cores, AMD EPYC, 23.5 GiB, Linux 6.1 amd64, OpenJDK 64-Bit Server VM 17.0.15}
     */
    public String describe() {
        String memory = Double.isNaN(memoryGibibytes)
                ? "memory unknown"
                : String.format(Locale.ROOT, "%.1f GiB", memoryGibibytes);
        return cores + " cores, " + cpuModel + ", " + memory + ", " + operatingSystem + ", " + jvm;
    }

    private static java.util.Optional<String> procValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private static double kilobytesToGibibytes(String value) {
        try {
            return Long.parseLong(value.replace("kB", "").trim()) / (1024.0 * 1024.0);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
