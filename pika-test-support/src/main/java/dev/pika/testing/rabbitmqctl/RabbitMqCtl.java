package dev.pika.testing.rabbitmqctl;

import dev.pika.testing.BrokerKind;
import dev.pika.testing.broker.BrokerEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code rabbitmqctl} against the local RabbitMQ node for broker-side faults: list connections,
 * close one by its {@code connection_name} or pid, {@code stop_app}/{@code start_app}, the memory
 * high watermark. Each command is bounded in time; a failure raises {@link RabbitMqCtlException} with the
 * command's stderr.
 *
 * <p>The shared development broker is used by other tests at the same time: close only connections your
 * test opened (give them a unique {@code connection_name}); stop the app or change the watermark only on
 * a node of your own. There is deliberately no "close all connections".
 *
 * <p>Immutable and thread-safe; each call runs its own process.
 */
public final class RabbitMqCtl {

    /** Bound on one ordinary command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on waiting for the app to start in {@link #startApp()}. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** Where {@code rabbitmqctl} is looked for after {@code PATH}. */
    public static final List<Path> KNOWN_LOCATIONS =
            List.of(Path.of("/usr/sbin/rabbitmqctl"), Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl"));

    private static final Pattern AMQP_LISTENER = Pattern.compile("port: (\\d+), protocol: amqp\\b");
    private static final Map<String, Optional<String>> AVAILABILITY = new ConcurrentHashMap<>();

    private final Path executable;
    private final String node;
    private final Duration timeout;

    RabbitMqCtl(Path executable, String node, Duration timeout) {
        this.executable = executable;
        this.node = node;
        this.timeout = timeout;
    }

    /**
     * The helper for the default local node.
     *
     * @throws IllegalStateException when {@code rabbitmqctl} is not installed
     */
    public static RabbitMqCtl local() {
        return new RabbitMqCtl(
                findExecutable().orElseThrow(() -> new IllegalStateException(notInstalled())), null, DEFAULT_TIMEOUT);
    }

    /**
     * A helper for another node on this machine (e.g. one a test started with its own
     * {@code RABBITMQ_NODENAME}).
     *
     * @param node the node name, e.g. {@code rabbit-fault@localhost}
     */
    public RabbitMqCtl withNode(String node) {
        Objects.requireNonNull(node, "node must not be null");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node must not be blank; pass a node name such as rabbit@localhost");
        }
        return new RabbitMqCtl(executable, node, timeout);
    }

    /** A helper whose commands are bounded by {@code timeout} instead of {@link #DEFAULT_TIMEOUT}. */
    public RabbitMqCtl withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new RabbitMqCtl(executable, node, timeout);
    }

    /**
     * Finds {@code rabbitmqctl}: the system property {@code pika.test.rabbitmqctl} or the environment
     * variable {@code PIKA_TEST_RABBITMQCTL}, else {@code PATH}, else {@link #KNOWN_LOCATIONS}.
     */
    public static Optional<Path> findExecutable() {
        String configured = System.getProperty("pika.test.rabbitmqctl", System.getenv("PIKA_TEST_RABBITMQCTL"));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        List<Path> candidates = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "rabbitmqctl"));
                }
            }
        }
        candidates.addAll(KNOWN_LOCATIONS);
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Whether {@code rabbitmqctl} is installed. */
    public static boolean isInstalled() {
        return findExecutable().isPresent();
    }

    /**
     * Tells why this helper cannot administer the broker at {@code endpoint}, or {@code null} when it can:
     * the broker must be RabbitMQ on a loopback address, {@code rabbitmqctl} installed, and the local node
     * listening for AMQP on the endpoint's port (a container's mapped port is not the local node). The
     * answer is cached per endpoint for the JVM.
     */
    public static String unavailableReason(BrokerEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        return AVAILABILITY
                .computeIfAbsent(
                        endpoint.kind() + "@" + endpoint.address(), key -> Optional.ofNullable(check(endpoint)))
                .orElse(null);
    }

    private static String check(BrokerEndpoint endpoint) {
        if (endpoint.kind() != BrokerKind.RABBITMQ) {
            return "the test broker is " + endpoint.productAndVersion() + ", not RabbitMQ";
        }
        if (!isLoopback(endpoint.host())) {
            return "the test broker " + endpoint.address() + " is not on this machine";
        }
        if (!isInstalled()) {
            return notInstalled();
        }
        RabbitMqCtl ctl = local();
        List<Integer> ports;
        try {
            ports = ctl.amqpListenerPorts();
        } catch (RabbitMqCtlException e) {
            return "rabbitmqctl cannot query the local node (" + firstLine(e.getMessage()) + ")";
        }
        if (!ports.contains(endpoint.port())) {
            return "the local RabbitMQ node listens for AMQP on " + ports + ", not on the test broker's port "
                    + endpoint.port();
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String notInstalled() {
        return "rabbitmqctl is not installed (looked in PATH and " + KNOWN_LOCATIONS
                + "; set PIKA_TEST_RABBITMQCTL to its path)";
    }

    private static String firstLine(String text) {
        String trimmed = text == null ? "" : text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    /**
     * Runs {@code rabbitmqctl [-n node] args...} within this helper's timeout.
     *
     * @return the result of a command that exited with status 0
     * @throws RabbitMqCtlException when it fails, times out or cannot start; the message has its stderr
     */
    public CommandResult run(String... args) {
        return run(timeout, args);
    }

    private CommandResult run(Duration bound, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        if (node != null) {
            command.add("-n");
            command.add(node);
        }
        command.addAll(List.of(args));
        CommandResult result = ProcessRunner.run(command, bound);
        if (!result.succeeded()) {
            throw new RabbitMqCtlException(
                    String.join(" ", command) + " exited with status " + result.exitCode() + ": "
                            + (result.stderr().isBlank()
                                    ? result.stdout().strip()
                                    : result.stderr().strip()),
                    result,
                    null);
        }
        return result;
    }

    /** The ports on which the node accepts AMQP connections (from {@code rabbitmqctl status}). */
    public List<Integer> amqpListenerPorts() {
        String status = run("-q", "status").stdout();
        List<Integer> ports = new ArrayList<>();
        Matcher matcher = AMQP_LISTENER.matcher(status);
        while (matcher.find()) {
            ports.add(Integer.parseInt(matcher.group(1)));
        }
        return ports;
    }

    /** Whether the node's RabbitMQ application is running (not stopped by {@code stop_app}). */
    public boolean isAppRunning() {
        try {
            run(Duration.ofSeconds(15), "-q", "await_startup", "--timeout", "1");
            return true;
        } catch (RabbitMqCtlException e) {
            return false;
        }
    }

    /**
     * Every client connection of the node. The listing is read-only, so a failed {@code rabbitmqctl} call (the CLI
     * can fail transiently while many run at once on the machine) is tried once more before its error is thrown.
     */
    public List<ConnectionInfo> listConnections() {
        String[] command = {
            "-q",
            "list_connections",
            "pid",
            "name",
            "peer_port",
            "user",
            "vhost",
            "client_properties",
            "--no-table-headers"
        };
        CommandResult result;
        try {
            result = run(command);
        } catch (RabbitMqCtlException first) {
            System.err.println(
                    "[pika-test] rabbitmqctl list_connections failed, trying once more: " + first.getMessage());
            result = run(command);
        }
        return parseConnections(result.stdout());
    }

    /**
     * Parses {@code list_connections} output. The listing has every client's connections, not only the test's: a line
     * that cannot be parsed (another client's connection in a state or with properties this parser does not know)
     * is skipped with a note on stderr rather than failing the test that only looks for its own connection.
     */
    static List<ConnectionInfo> parseConnections(String out) {
        List<ConnectionInfo> connections = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                connections.add(parseConnection(line));
            } catch (RuntimeException e) {
                System.err.println("[pika-test] rabbitmqctl list_connections: skipped a line it cannot parse ("
                        + e.getMessage() + "): " + line);
            }
        }
        return connections;
    }

    static ConnectionInfo parseConnection(String line) {
        String[] columns = line.split("\t", 6);
        if (columns.length != 6) {
            throw new IllegalArgumentException(
                    "unexpected list_connections line (expected 6 tab-separated columns): " + line);
        }
        return new ConnectionInfo(
                columns[0].trim(),
                columns[1].trim(),
                Integer.parseInt(columns[2].trim()),
                columns[3].trim(),
                columns[4].trim(),
                ErlangTermParser.parseTable(columns[5].trim()));
    }

    /** The connection whose {@code connection_name} client property is {@code connectionName}, if any. */
    public Optional<ConnectionInfo> findConnection(String connectionName) {
        Objects.requireNonNull(connectionName, "connectionName must not be null");
        return listConnections().stream()
                .filter(c -> connectionName.equals(c.connectionName()))
                .findFirst();
    }

    /**
     * Waits until a connection named {@code connectionName} is listed (polling every 100 ms).
     *
     * @throws IllegalStateException when it does not appear within {@code timeout}
     */
    public ConnectionInfo awaitConnection(String connectionName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ConnectionInfo> found = findConnection(connectionName);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(
                        "no connection named '" + connectionName + "' appeared within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(100);
        }
    }

    /** Closes the connection with process id {@code pid}; the client sees {@code connection.close} 320. */
    public void closeConnection(String pid, String reason) {
        Objects.requireNonNull(pid, "pid must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        run("-q", "close_connection", pid, reason);
    }

    /**
     * Closes the connection whose {@code connection_name} is {@code connectionName}.
     *
     * @throws IllegalStateException when no such connection is listed
     */
    public ConnectionInfo closeConnectionByName(String connectionName, String reason) {
        ConnectionInfo info = findConnection(connectionName)
                .orElseThrow(() -> new IllegalStateException("no connection named '" + connectionName
                        + "' to close; give the client a unique connection_name"));
        closeConnection(info.pid(), reason);
        return info;
    }

    /** Stops the RabbitMQ application (the Erlang node keeps running). Only on a node of your own. */
    public void stopApp() {
        run("-q", "stop_app");
    }

    /** Starts the RabbitMQ application and waits, at most {@link #DEFAULT_STARTUP_TIMEOUT}, for it to run. */
    public void startApp() {
        run("-q", "start_app");
        awaitStartup(DEFAULT_STARTUP_TIMEOUT);
    }

    /** Waits until the RabbitMQ application runs (and accepts connections), at most {@code timeout}. */
    public void awaitStartup(Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        run(timeout.plusSeconds(15), "-q", "await_startup", "--timeout", Long.toString(seconds));
    }

    /**
     * Sets the memory high watermark as a fraction of RAM; a tiny value (e.g. {@code 0.0001}) raises the
     * memory alarm and the broker blocks publishers ({@code connection.blocked}); {@code 0.4} is the default.
     * Only on a node of your own.
     */
    public void setVmMemoryHighWatermark(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                    "fraction must be within (0, 1], was " + fraction + "; RabbitMQ's default is 0.4");
        }
        run("-q", "set_vm_memory_high_watermark", String.format(Locale.ROOT, "%.6f", fraction));
    }

    @Override
    public String toString() {
        return "RabbitMqCtl[" + executable + (node == null ? "" : " -n " + node) + "]";
    }
}
