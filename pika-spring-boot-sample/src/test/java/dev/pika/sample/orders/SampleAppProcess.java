package dev.pika.sample.orders;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged sample application ({@code java -jar target/pika-spring-boot-sample-*.jar}) as a child
 * process for the integration tests: started on a free HTTP port (read back from its log), talked to over
 * HTTP, stopped through the actuator's shutdown endpoint (enabled only for these runs) so that its exit
 * code says whether it ended cleanly. Its output goes to {@code target/sample-it/<name>.log}.
 *
 * <p>Not thread-safe for start and stop; the HTTP helpers may be called from several threads.
 */
final class SampleAppProcess implements AutoCloseable {

    /** Start-up on a loaded 2-core machine can take most of a minute. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private int port;

    private SampleAppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar and waits until it serves HTTP.
     *
     * @param name names the log file
     * @param environment variables to set ({@code PIKA_URL}); every other {@code PIKA_*} variable is removed
     * @param arguments Spring Boot arguments ({@code --sample.orders.processing-time=100ms})
     */
    static SampleAppProcess start(String name, Map<String, String> environment, List<String> arguments)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/pika-spring-boot-sample-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The packaged sample " + jar.toAbsolutePath()
                    + " does not exist: run the ITs through Maven's verify phase (it repackages the jar first)");
        }
        Path directory = Files.createDirectories(Path.of("target", "sample-it"));
        Path log = directory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=0",
                "--management.endpoints.web.exposure.include=health,metrics,info,shutdown",
                "--management.endpoint.shutdown.access=unrestricted"));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PIKA_"));
        builder.environment().putAll(environment);
        SampleAppProcess app = new SampleAppProcess(builder.start(), log);
        try {
            app.port = app.awaitPort();
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = PORT.matcher(log());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The sample exited with " + process.exitValue() + " before serving HTTP:\n" + tail());
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("The sample did not serve HTTP within " + STARTUP_TIMEOUT + ":\n" + tail());
    }

    /** The application's output so far. */
    String log() {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The last lines of the output, for failure messages. */
    String tail() {
        String[] lines = log().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    /** The path of the output, for failure messages. */
    Path logFile() {
        return log;
    }

    /** POSTs JSON; the status and body. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs JSON. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Asks the application to shut down (actuator) and waits for the process to end.
     *
     * @return the exit code
     */
    int shutdown() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/actuator/shutdown"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST /actuator/shutdown answered " + response.statusCode() + ": " + response.body());
        }
        if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("The sample did not exit within " + SHUTDOWN_TIMEOUT
                    + " of its shutdown (a thread left running?); thread dump in the log:\n" + threadDumpAndTail());
        }
        return process.exitValue();
    }

    private String threadDumpAndTail() throws InterruptedException {
        try {
            // SIGQUIT: the JVM prints its threads to the log.
            new ProcessBuilder("kill", "-3", Long.toString(process.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return "(no thread dump: " + e + ")\n" + tail();
        }
        process.waitFor(2, TimeUnit.SECONDS);
        return tail();
    }

    /** Ends the process if it still runs (after a failed test): SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
