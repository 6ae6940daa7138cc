package dev.pika.testing.rabbitmqctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own on this machine, for faults that must not touch the shared broker
 * (stop_app/start_app, memory alarms, clusters): its own node name, free AMQP and distribution ports on
 * 127.0.0.1, and its own data, log and configuration files in a temporary directory, all removed by
 * {@link #close()} (and at JVM exit if the test forgot).
 *
 * <pre>{@code
 * try (LocalRabbitMqNode node = LocalRabbitMqNode.start("alarm")) {
 *     node.ctl().setVmMemoryHighWatermark(0.0001);   // only this node raises its memory alarm
 *     // connect to 127.0.0.1:node.amqpPort() as guest/guest ...
 * }
 * }</pre>
 *
 * <p>Needs {@code rabbitmq-server} and {@code rabbitmqctl} installed; when the JVM runs as root, the
 * directory is handed to the {@code rabbitmq} user, as the Debian scripts drop to it. Thread-safe;
 * {@link #close()} is idempotent.
 */
public final class LocalRabbitMqNode implements AutoCloseable {

    /** Bound on the node's start, until its app accepts connections. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    /** Where {@code rabbitmq-server} is looked for after {@code PATH}. */
    public static final List<Path> KNOWN_LOCATIONS =
            List.of(Path.of("/usr/sbin/rabbitmq-server"), Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"));

    private final String nodeName;
    private final int amqpPort;
    private final Path directory;
    private final RabbitMqCtl ctl;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalRabbitMqNode(String nodeName, int amqpPort, Path directory, RabbitMqCtl ctl) {
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.directory = directory;
        this.ctl = ctl;
        this.shutdownHook = new Thread(this::stopQuietly, "rabbitmq-node-" + nodeName);
    }

    /** Finds {@code rabbitmq-server} on {@code PATH} or in {@link #KNOWN_LOCATIONS}. */
    public static Optional<Path> findServer() {
        List<Path> candidates = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "rabbitmq-server"));
                }
            }
        }
        candidates.addAll(KNOWN_LOCATIONS);
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Why a node cannot be started here, or {@code null} when it can. */
    public static String unavailableReason() {
        if (findServer().isEmpty()) {
            return "rabbitmq-server is not installed (looked in PATH and " + KNOWN_LOCATIONS + ")";
        }
        if (!RabbitMqCtl.isInstalled()) {
            return "rabbitmqctl is not installed";
        }
        return null;
    }

    /**
     * Starts a node named {@code pika-<hint>-<random>@localhost} and waits until it accepts connections.
     *
     * @param hint a short word for the node name, e.g. {@code "alarm"}
     * @throws IllegalStateException when RabbitMQ is not installed
     * @throws RabbitMqCtlException when the node does not start in time (with its output)
     */
    public static LocalRabbitMqNode start(String hint) {
        return start(hint, Options.defaults());
    }

    /**
     * Starts a node like {@link #start(String)}, configured further by {@code options}: more {@code
     * rabbitmq.conf} lines (e.g. a TLS listener), enabled plugins, and files written into the node's
     * directory before it starts (e.g. certificates the configuration names).
     *
     * <pre>{@code
     * int tlsPort = LocalRabbitMqNode.freeLoopbackPort();
     * LocalRabbitMqNode node = LocalRabbitMqNode.start("tls", LocalRabbitMqNode.Options.defaults()
     *         .file("ca.pem", caPem)
     *         .config("listeners.ssl.1 = 127.0.0.1:" + tlsPort)
     *         .config("ssl_options.cacertfile = {dir}/ca.pem")
     *         .plugin("rabbitmq_auth_mechanism_ssl"));
     * }</pre>
     *
     * @param hint a short word for the node name, e.g. {@code "tls"}
     * @param options configuration, plugins and files; {@code {dir}} in a configuration line is replaced by the
     *     node's directory
     * @throws IllegalStateException when RabbitMQ is not installed
     * @throws RabbitMqCtlException when the node does not start in time (with its output)
     */
    public static LocalRabbitMqNode start(String hint, Options options) {
        Objects.requireNonNull(options, "options must not be null; use Options.defaults()");
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("cannot start a RabbitMQ node: " + reason);
        }
        if (hint == null || !hint.matches("[a-z0-9-]{1,20}")) {
            throw new IllegalArgumentException(
                    "hint must be 1-20 characters of [a-z0-9-], e.g. \"alarm\"; was " + hint);
        }
        String nodeName = String.format(
                Locale.ROOT,
                "pika-%s-%06x@localhost",
                hint,
                ThreadLocalRandom.current().nextInt(1 << 24));
        int amqpPort = freePort();
        int distPort = freePort();
        Path directory = createDirectory(amqpPort, options);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RABBITMQ_NODENAME", nodeName);
        environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        environment.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        environment.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        environment.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
        environment.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
        environment.put(
                "RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
        environment.put(
                "RABBITMQ_ENABLED_PLUGINS_FILE",
                directory.resolve("enabled_plugins").toString());
        environment.put("RABBITMQ_PID_FILE", directory.resolve("node.pid").toString());
        RabbitMqCtl ctl = RabbitMqCtl.local().withNode(nodeName);
        LocalRabbitMqNode node = new LocalRabbitMqNode(nodeName, amqpPort, directory, ctl);
        Runtime.getRuntime().addShutdownHook(node.shutdownHook);
        try {
            CommandResult started = ProcessRunner.run(
                    List.of(findServer().orElseThrow().toString(), "-detached"), environment, Duration.ofSeconds(30));
            if (!started.succeeded()) {
                throw new RabbitMqCtlException(
                        "rabbitmq-server -detached exited with " + started.exitCode() + ": " + started.stderr(),
                        started,
                        null);
            }
            long seconds = DEFAULT_START_TIMEOUT.toSeconds();
            ctl.withTimeout(DEFAULT_START_TIMEOUT.plusSeconds(15))
                    .run("-q", "wait", directory.resolve("node.pid").toString(), "--timeout", Long.toString(seconds));
            ctl.awaitStartup(DEFAULT_START_TIMEOUT);
            return node;
        } catch (RuntimeException e) {
            String log = node.logTail();
            node.close();
            throw new RabbitMqCtlException(
                    "RabbitMQ node " + nodeName + " did not start: " + e.getMessage() + "\nits log ends with:\n" + log,
                    null,
                    e);
        }
    }

    private static Path createDirectory(int amqpPort, Options options) {
        try {
            Path directory = Files.createTempDirectory("pika-rabbitmq-");
            Files.createDirectories(directory.resolve("mnesia"));
            Files.createDirectories(directory.resolve("log"));
            for (Map.Entry<String, byte[]> file : options.files.entrySet()) {
                Files.write(directory.resolve(file.getKey()), file.getValue());
            }
            StringBuilder config = new StringBuilder("listeners.tcp.local = 127.0.0.1:" + amqpPort + "\n");
            for (String line : options.configLines) {
                config.append(line.replace("{dir}", directory.toString())).append('\n');
            }
            Files.writeString(directory.resolve("rabbitmq.conf"), config.toString(), StandardCharsets.UTF_8);
            Files.writeString(
                    directory.resolve("enabled_plugins"),
                    "[" + String.join(",", options.plugins) + "].\n",
                    StandardCharsets.UTF_8);
            if ("root".equals(System.getProperty("user.name"))) {
                // The Debian scripts run the node as the rabbitmq user: it must own its files.
                ProcessRunner.run(
                        List.of("chown", "-R", "rabbitmq:rabbitmq", directory.toString()), Duration.ofSeconds(10));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a directory for a RabbitMQ node", e);
        }
    }

    /**
     * A loopback port that is free now, e.g. for a further listener in {@link Options#config(String)}.
     *
     * @return a port number
     */
    public static int freeLoopbackPort() {
        return freePort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The node's name, e.g. {@code pika-alarm-1a2b3c@localhost}. */
    public String nodeName() {
        return nodeName;
    }

    /** The host to connect to: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The node's AMQP port (user guest/guest, virtual host {@code /}). */
    public int amqpPort() {
        return amqpPort;
    }

    /** The node's private directory (data, log, configuration); deleted by {@link #close()}. */
    Path directory() {
        return directory;
    }

    /** {@code rabbitmqctl} aimed at this node. */
    public RabbitMqCtl ctl() {
        return ctl;
    }

    private String logTail() {
        Path log = directory.resolve("log").resolve(nodeName + ".log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops the node (not only its app) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) stopQuietly itself
        }
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ctl.run("-q", "stop", directory.resolve("node.pid").toString());
        } catch (RuntimeException e) {
            // not running (it failed to start, or was stopped already)
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("[pika-test] could not delete " + directory + ": " + e);
        }
    }

    /**
     * How {@link #start(String, Options)} configures a node beyond the defaults (AMQP on 127.0.0.1, no plugins).
     *
     * <p>Not thread-safe; build one per node.
     */
    public static final class Options {
        private final List<String> configLines = new ArrayList<>();
        private final List<String> plugins = new ArrayList<>();
        private final Map<String, byte[]> files = new LinkedHashMap<>();

        private Options() {}

        /** No further configuration: what {@link #start(String)} uses. */
        public static Options defaults() {
            return new Options();
        }

        /**
         * Appends a line to the node's {@code rabbitmq.conf}; {@code {dir}} stands for the node's directory.
         *
         * @param line e.g. {@code "ssl_options.certfile = {dir}/server.pem"}
         * @return these options
         */
        public Options config(String line) {
            configLines.add(Objects.requireNonNull(line, "line must not be null"));
            return this;
        }

        /**
         * Enables a plugin.
         *
         * @param name e.g. {@code "rabbitmq_auth_mechanism_ssl"}
         * @return these options
         */
        public Options plugin(String name) {
            if (name == null || !name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(
                        "plugin must be a plugin name such as rabbitmq_auth_mechanism_ssl," + " but was " + name);
            }
            plugins.add(name);
            return this;
        }

        /**
         * Writes a file into the node's directory before the node starts (readable by the node).
         *
         * @param name a plain file name, e.g. {@code "server.pem"}
         * @param content the bytes
         * @return these options
         */
        public Options file(String name, byte[] content) {
            if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new IllegalArgumentException(
                        "file name must be a plain name such as server.pem, but was " + name);
            }
            files.put(
                    name,
                    Objects.requireNonNull(content, "content must not be null").clone());
            return this;
        }

        /**
         * Writes a text file (UTF-8) into the node's directory before the node starts.
         *
         * @param name a plain file name
         * @param content the text, e.g. a PEM certificate
         * @return these options
         */
        public Options file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public String toString() {
        return "LocalRabbitMqNode[" + nodeName + " on 127.0.0.1:" + amqpPort + "]";
    }
}
