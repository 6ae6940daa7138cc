package dev.pika.testing.rabbitmqctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A RabbitMQ cluster of a test's own on this machine: {@code size} {@link LocalRabbitMqNode}s (own node names,
 * ports and data directories) started in parallel, the second and later ones joined to the first with {@code
 * rabbitmqctl stop_app; reset; join_cluster <first>; start_app}. The nodes share the Erlang cookie of the user they
 * run as (the Debian scripts run every node as {@code rabbitmq}, whose cookie is {@code
 * /var/lib/rabbitmq/.erlang.cookie}), which is what lets them and {@code rabbitmqctl} talk to each other.
 *
 * <pre>{@code
 * try (LocalRabbitMqCluster cluster = LocalRabbitMqCluster.start("failover", 3, Duration.ofMinutes(3))) {
 *     LocalRabbitMqNode first = cluster.nodes().get(0);
 *     first.ctl().stopApp();                           // the others keep a quorum queue available
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops every node and deletes its directory.
 */
public final class LocalRabbitMqCluster implements AutoCloseable {

    private final List<LocalRabbitMqNode> nodes;

    private LocalRabbitMqCluster(List<LocalRabbitMqNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code size} nodes and joins them into one cluster within {@code bound}.
     *
     * @param hint a short word for the node names ({@code pika-<hint>-N-<random>@localhost}), [a-z0-9-]{1,16}
     * @param size the number of nodes, at least 2
     * @param bound the longest the whole start and join may take
     * @throws IllegalStateException when RabbitMQ is not installed
     * @throws ClusterFormationException when a node does not start or join within the bound (every node started is
     *     stopped again); its message says why, for a test to skip with
     */
    public static LocalRabbitMqCluster start(String hint, int size, Duration bound) {
        Objects.requireNonNull(bound, "bound must not be null");
        if (size < 2) {
            throw new IllegalArgumentException("a cluster needs at least 2 nodes, was " + size);
        }
        if (hint == null || !hint.matches("[a-z0-9-]{1,16}")) {
            throw new IllegalArgumentException("hint must be 1-16 characters of [a-z0-9-]; was " + hint);
        }
        String reason = LocalRabbitMqNode.unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("cannot start a RabbitMQ cluster: " + reason);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        List<LocalRabbitMqNode> started = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, "rabbitmq-cluster-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<LocalRabbitMqNode>> starts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String nodeHint = hint + "-" + (i + 1);
                starts.add(starter.submit(() -> LocalRabbitMqNode.start(nodeHint)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<LocalRabbitMqNode> start : starts) {
                try {
                    started.add(start.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                } catch (TimeoutException e) {
                    failures.add("a node did not start within " + bound);
                    start.cancel(true);
                }
            }
            if (!failures.isEmpty()) {
                throw new ClusterFormationException("RabbitMQ nodes did not start: " + failures);
            }
            LocalRabbitMqNode first = started.get(0);
            for (LocalRabbitMqNode node : started.subList(1, started.size())) {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                RabbitMqCtl ctl = node.ctl().withTimeout(left);
                try {
                    ctl.stopApp();
                    ctl.run("reset");
                    ctl.run("join_cluster", first.nodeName());
                    ctl.startApp();
                    ctl.awaitStartup(left);
                } catch (RuntimeException e) {
                    throw new ClusterFormationException(
                            node.nodeName() + " could not join " + first.nodeName() + ": " + e.getMessage(), e);
                }
            }
            LocalRabbitMqCluster cluster = new LocalRabbitMqCluster(started);
            List<String> running = cluster.runningNodes(first);
            if (running.size() != size) {
                throw new ClusterFormationException(
                        "the cluster formed with " + running.size() + " running nodes, not " + size + ": " + running);
            }
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(LocalRabbitMqNode::close);
            throw e instanceof ClusterFormationException ? e : new ClusterFormationException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(LocalRabbitMqNode::close);
            throw new ClusterFormationException("interrupted while the cluster formed", e);
        } finally {
            starter.shutdownNow();
        }
    }

    /** The nodes, the first one being the node the others joined. */
    public List<LocalRabbitMqNode> nodes() {
        return nodes;
    }

    /**
     * The running nodes of the cluster as {@code node} sees them ({@code rabbitmqctl cluster_status}).
     *
     * @param node the node to ask
     * @return the names of the running nodes
     */
    public List<String> runningNodes(LocalRabbitMqNode node) {
        CommandResult status = node.ctl().run("eval", "rabbit_nodes:all_running().");
        List<String> running = new ArrayList<>();
        for (LocalRabbitMqNode member : nodes) {
            if (status.stdout().contains(member.nodeName())) {
                running.add(member.nodeName());
            }
        }
        return running;
    }

    /** Stops every node and deletes its directory. Idempotent. */
    @Override
    public void close() {
        List<Thread> stops = new ArrayList<>();
        for (LocalRabbitMqNode node : nodes) {
            Thread stop = new Thread(node::close, "rabbitmq-cluster-stop");
            stop.setDaemon(true);
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            try {
                stop.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "LocalRabbitMqCluster" + nodes;
    }

    /** The cluster could not form on this machine; the message says why. Unchecked. */
    public static final class ClusterFormationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ClusterFormationException(String message) {
            super(message);
        }

        ClusterFormationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
