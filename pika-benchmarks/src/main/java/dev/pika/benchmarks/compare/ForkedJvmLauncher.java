package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.PerfTest;
import dev.pika.benchmarks.cli.PerfTestArguments;
import dev.pika.benchmarks.run.RunResult;
import dev.pika.benchmarks.run.RunResultFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs each {@link RunRequest} as {@code java <jvm args> -cp <class path> dev.pika.benchmarks.PerfTest <options>}
 * in a new process, its output in the request's log file, and reads the result file it writes. A run that outlives
 * its timeout is destroyed (then forcibly); a non-zero exit or a missing result is a failure with the log's last
 * lines.
 *
 * <p>Immutable and thread-safe; each launch is independent.
 */
public final class ForkedJvmLauncher implements RunLauncher {

    private static final int LOG_TAIL_LINES = 5;

    private final Path javaExecutable;
    private final List<String> jvmArgs;
    private final String classPath;

    /**
     * Creates a launcher.
     *
     * @param javaExecutable the {@code java} to start
     * @param jvmArgs options before {@code -cp}
     * @param classPath the class path holding this module and its dependencies
     */
    public ForkedJvmLauncher(Path javaExecutable, List<String> jvmArgs, String classPath) {
        this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
        this.jvmArgs = List.copyOf(jvmArgs);
        this.classPath = Objects.requireNonNull(classPath, "classPath");
    }

    /**
     * A launcher that forks this JVM's {@code java} with this JVM's class path.
     *
     * @param jvmArgs options before {@code -cp}
     * @return the launcher
     */
    public static ForkedJvmLauncher forCurrentJvm(List<String> jvmArgs) {
        return new ForkedJvmLauncher(currentJava(), jvmArgs, System.getProperty("java.class.path"));
    }

    /**
     * This JVM's {@code java} executable.
     *
     * @return {@code $java.home/bin/java}
     */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The command line for a run.
     *
     * @param request the run
     * @return the command and its arguments
     */
    public List<String> command(RunRequest request) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(PerfTest.class.getName());
        command.addAll(PerfTestArguments.format(request.options()));
        return command;
    }

    @Override
    public RunOutcome launch(RunRequest request) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(request.logFile().toAbsolutePath().getParent());
            Files.createDirectories(request.resultFile().toAbsolutePath().getParent());
            Files.deleteIfExists(request.resultFile());
            Process process = new ProcessBuilder(command(request))
                    .redirectErrorStream(true)
                    .redirectOutput(request.logFile().toFile())
                    .start();
            boolean exited = process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                return RunOutcome.failed(
                        request,
                        "timed out after " + request.timeout().toSeconds() + " s and was killed; log "
                                + request.logFile() + tail(request.logFile()),
                        elapsed(start));
            }
            int status = process.exitValue();
            if (Files.exists(request.resultFile())) {
                RunResult result = RunResultFile.read(request.resultFile());
                if (!result.succeeded()) {
                    return RunOutcome.failed(request, result.error(), elapsed(start));
                }
                if (status == PerfTest.EXIT_OK) {
                    return RunOutcome.succeeded(request, result, elapsed(start));
                }
            }
            return RunOutcome.failed(
                    request,
                    "exited with status " + status + " and no result; log " + request.logFile()
                            + tail(request.logFile()),
                    elapsed(start));
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return RunOutcome.failed(request, "could not run: " + e.getMessage(), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunOutcome.failed(request, "interrupted", elapsed(start));
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                    .toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return last.isEmpty() ? "" : ": " + String.join(" | ", last);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
