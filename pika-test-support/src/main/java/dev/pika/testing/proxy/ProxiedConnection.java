package dev.pika.testing.proxy;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection accepted by a {@link FaultProxy}, with its server-side socket, and the faults
 * that can be applied to it alone: latency, stall, black hole and cut, each per {@link Direction}.
 *
 * <p>Thread-safe: every method may be called from any thread (typically the test's) while the proxy's
 * threads move bytes.
 */
public final class ProxiedConnection {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final int id;
    private final Socket client;
    private final Socket server;
    private final List<Pump> pumps = new ArrayList<>(2);
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final Pump toServer;
    private final Pump toClient;
    private int pumpsRunning;
    private boolean cut;
    private boolean closed;

    /**
     * Wires the pumps; {@code server} is {@code null} for a black-holed connection. Call {@link #start()}
     * next.
     */
    ProxiedConnection(
            int id,
            String namePrefix,
            Socket client,
            Socket server,
            FlowState[] states,
            Duration[] latencies,
            AtomicLong totalToServer,
            AtomicLong totalToClient) {
        this.id = id;
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.server = server;
        Pump.Listener listener = this::pumpEnded;
        this.toServer = new Pump(
                namePrefix + "-" + id + "-to-server",
                Direction.TO_SERVER,
                client,
                server,
                states[0],
                latencies[0],
                totalToServer,
                listener);
        pumps.add(toServer);
        if (server != null) {
            this.toClient = new Pump(
                    namePrefix + "-" + id + "-to-client",
                    Direction.TO_CLIENT,
                    server,
                    client,
                    states[1],
                    latencies[1],
                    totalToClient,
                    listener);
            pumps.add(toClient);
        } else {
            this.toClient = null;
        }
        this.pumpsRunning = pumps.size();
    }

    void start() {
        for (Pump pump : pumps) {
            pump.start();
        }
    }

    /** The connection's number in accept order, from 1. */
    public int id() {
        return id;
    }

    /** The client's port as the proxy sees it (the client socket's local port on the client side). */
    public int clientPort() {
        return client.getPort();
    }

    /** Whether the proxy opened a server side ({@code false} for a black-holed connection). */
    public boolean hasServerSide() {
        return server != null;
    }

    /** Bytes delivered to the server so far. */
    public long bytesToServer() {
        return toServer.forwarded();
    }

    /** Bytes delivered to the client so far. */
    public long bytesToClient() {
        return toClient == null ? 0 : toClient.forwarded();
    }

    /** Whether bytes can still flow: not cut, and not closed by either peer. */
    public synchronized boolean isOpen() {
        return !cut && !closed;
    }

    /**
     * Delays every chunk read in the given direction(s) by {@code latency} before forwarding it (order is
     * kept). {@link Duration#ZERO} removes the delay.
     */
    public void latency(Direction direction, Duration latency) {
        Objects.requireNonNull(direction, "direction must not be null");
        FaultProxy.checkLatency(latency);
        for (Pump pump : pumps) {
            if (direction.includes(pump.direction())) {
                pump.latency(latency);
            }
        }
    }

    /** Stops reading and forwarding in the given direction(s); bytes wait until {@link #resume(Direction)}. */
    public void stall(Direction direction) {
        flow(direction, FlowState.STALL);
    }

    /** Reads and discards what arrives in the given direction(s) until {@link #resume(Direction)}. */
    public void blackHole(Direction direction) {
        flow(direction, FlowState.BLACK_HOLE);
    }

    /** Forwards again in the given direction(s) after a stall or black hole (latency is kept). */
    public void resume(Direction direction) {
        flow(direction, FlowState.FORWARD);
    }

    void flow(Direction direction, FlowState state) {
        Objects.requireNonNull(direction, "direction must not be null");
        for (Pump pump : pumps) {
            if (direction.includes(pump.direction())) {
                pump.state(state);
            }
        }
    }

    /**
     * Ends the connection for both peers: {@link CutMode#RESET} sends each a TCP RST at once;
     * {@link CutMode#FIN} sends each a FIN and discards what they still send. Idempotent.
     */
    public void cut(CutMode mode) {
        Objects.requireNonNull(mode, "mode must not be null");
        synchronized (this) {
            if (cut || closed) {
                return;
            }
            cut = true;
        }
        if (mode == CutMode.RESET) {
            abort(true);
            return;
        }
        flow(Direction.BOTH, FlowState.BLACK_HOLE);
        shutdownOutput(client);
        if (server != null) {
            shutdownOutput(server);
        }
    }

    /**
     * Waits until both sockets are closed (after a cut, or after the peers closed).
     *
     * @return whether it closed within the timeout
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes both sockets (plainly, or with RST when {@code reset}) and stops the pumps. */
    void abort(boolean reset) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Pump pump : pumps) {
            pump.stop();
        }
        close(client, reset);
        if (server != null) {
            close(server, reset);
        }
        closedLatch.countDown();
    }

    boolean join(Duration timeout) throws InterruptedException {
        boolean all = true;
        for (Pump pump : pumps) {
            all &= pump.join(timeout);
        }
        return all;
    }

    private void pumpEnded(Pump pump, Pump.End end) {
        if (end == Pump.End.ERROR) {
            // a peer reset or a write failed: pass the failure on to the other peer as a reset
            abort(true);
            return;
        }
        boolean last;
        synchronized (this) {
            last = --pumpsRunning == 0;
        }
        if (last) {
            abort(false);
        }
    }

    private static void shutdownOutput(Socket socket) {
        try {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            // already reset by the peer: nothing left to end
        }
    }

    private static void close(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    static Duration joinTimeout() {
        return JOIN_TIMEOUT;
    }

    @Override
    public String toString() {
        return "ProxiedConnection[" + id + ", client port " + clientPort() + ", " + (isOpen() ? "open" : "closed")
                + ", to server " + bytesToServer() + " B, to client " + bytesToClient() + " B]";
    }
}
