package dev.pika.testing.rabbitmqctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a bound on its run time, capturing standard output and error.
 *
 * <p>Stateless; thread-safe. Each call uses its own process and two reader threads.
 */
final class ProcessRunner {

    private ProcessRunner() {}

    /**
     * Runs {@code command} and waits for it, at most {@code timeout}; then kills it.
     *
     * @throws RabbitMqCtlException when it cannot start or does not finish in time (with what it printed)
     */
    static CommandResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /**
     * Runs {@code command} with extra environment variables, at most {@code timeout}; then kills it.
     *
     * @throws RabbitMqCtlException when it cannot start or does not finish in time (with what it printed)
     */
    static CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close(); // no input: a command that asks for some reads end-of-file
        } catch (IOException e) {
            throw new RabbitMqCtlException(
                    "could not start " + String.join(" ", command) + ": " + e.getMessage(), null, e);
        }
        StreamCollector out = new StreamCollector(process.getInputStream(), "stdout");
        StreamCollector err = new StreamCollector(process.getErrorStream(), "stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RabbitMqCtlException("interrupted while running " + String.join(" ", command), null, e);
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new RabbitMqCtlException(
                    String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms; stderr: "
                            + err.text(Duration.ofSeconds(2)).strip(),
                    null,
                    null);
        }
        return new CommandResult(
                command, process.exitValue(), out.text(Duration.ofSeconds(5)), err.text(Duration.ofSeconds(5)));
    }

    /** Reads a stream to its end on a daemon thread. */
    private static final class StreamCollector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        StreamCollector(InputStream stream, String name) {
            this.thread = new Thread(() -> drain(stream), "rabbitmqctl-" + name);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void drain(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process was killed: keep what was read
            }
        }

        String text(Duration wait) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // return what was read so far
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
