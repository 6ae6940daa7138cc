package dev.pika.testing.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a server (the broker), controlled from tests to inject network
 * faults without touching the server: pass-through, latency, stall (stop reading and forwarding), black
 * hole (read and discard), cut (RST or FIN), per connection ({@link ProxiedConnection}) or for all of them
 * at once (the methods here, which also apply to connections accepted later until changed back).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
 *     // connect the client under test to proxy.host():proxy.port()
 *     ProxiedConnection connection = proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0);
 *     connection.stall(Direction.TO_CLIENT);   // the client stops hearing from the broker
 *     connection.cut(CutMode.RESET);           // both sides see "connection reset"
 * }
 * }</pre>
 *
 * <p>Thread-safe. Uses two daemon threads per direction of each connection plus one accept thread;
 * {@link #close()} closes every socket and waits (bounded) for the threads to end.
 */
public final class FaultProxy implements AutoCloseable {

    /** Bound on connecting to the server for each accepted client. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final String threadPrefix;
    private final AtomicLong totalToServer = new AtomicLong();
    private final AtomicLong totalToClient = new AtomicLong();

    // guarded by this
    private final List<ProxiedConnection> connections = new ArrayList<>();
    private final FlowState[] states = {FlowState.FORWARD, FlowState.FORWARD};
    private final Duration[] latencies = {Duration.ZERO, Duration.ZERO};
    private AcceptMode acceptMode = AcceptMode.FORWARD;
    private int failedUpstreamConnects;
    private int resetOnAccept;
    private boolean closed;

    private FaultProxy(String targetHost, int targetPort, ServerSocket serverSocket) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.serverSocket = serverSocket;
        this.threadPrefix = "fault-proxy-" + serverSocket.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on a free port of 127.0.0.1 that forwards to {@code targetHost:targetPort}.
     *
     * @throws IllegalArgumentException for a blank host or a port outside 1..65535
     * @throws IllegalStateException when no loopback port can be bound
     */
    public static FaultProxy start(String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost must not be null");
        if (targetHost.isBlank()) {
            throw new IllegalArgumentException(
                    "targetHost must not be blank; pass the broker's host, e.g. \"localhost\"");
        }
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("targetPort must be within 1..65535, was " + targetPort);
        }
        ServerSocket socket;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new IllegalStateException("FaultProxy could not bind a loopback port: " + e.getMessage(), e);
        }
        FaultProxy proxy = new FaultProxy(targetHost, targetPort, socket);
        proxy.acceptor.start();
        return proxy;
    }

    /** The address clients connect to: the loopback address. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The port clients connect to. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** What to do with connections accepted from now on (existing ones are not affected). */
    public synchronized void acceptMode(AcceptMode mode) {
        this.acceptMode = Objects.requireNonNull(mode, "mode must not be null");
    }

    /** Adds latency in the given direction(s) to every open connection and to those accepted later. */
    public void latency(Direction direction, Duration latency) {
        Objects.requireNonNull(direction, "direction must not be null");
        checkLatency(latency);
        for (ProxiedConnection connection : update(direction, null, latency)) {
            connection.latency(direction, latency);
        }
    }

    /** Stalls the given direction(s) of every open connection and of those accepted later. */
    public void stall(Direction direction) {
        flow(direction, FlowState.STALL);
    }

    /** Black-holes the given direction(s) of every open connection and of those accepted later. */
    public void blackHole(Direction direction) {
        flow(direction, FlowState.BLACK_HOLE);
    }

    /** Forwards again in the given direction(s), for every open connection and those accepted later. */
    public void resume(Direction direction) {
        flow(direction, FlowState.FORWARD);
    }

    private void flow(Direction direction, FlowState state) {
        Objects.requireNonNull(direction, "direction must not be null");
        for (ProxiedConnection connection : update(direction, state, null)) {
            connection.flow(direction, state);
        }
    }

    private synchronized List<ProxiedConnection> update(Direction direction, FlowState state, Duration latency) {
        for (int i = 0; i < 2; i++) {
            if (direction.includes(i == 0 ? Direction.TO_SERVER : Direction.TO_CLIENT)) {
                if (state != null) {
                    states[i] = state;
                }
                if (latency != null) {
                    latencies[i] = latency;
                }
            }
        }
        return List.copyOf(connections);
    }

    /** Cuts every open connection (new ones are still accepted). */
    public void cutAll(CutMode mode) {
        Objects.requireNonNull(mode, "mode must not be null");
        for (ProxiedConnection connection : connections()) {
            connection.cut(mode);
        }
    }

    /** Every connection accepted so far, open or not, in accept order. */
    public synchronized List<ProxiedConnection> connections() {
        return List.copyOf(connections);
    }

    /** The connections still open, in accept order. */
    public List<ProxiedConnection> openConnections() {
        return connections().stream().filter(ProxiedConnection::isOpen).toList();
    }

    /** How many client connections the proxy accepted (whatever it then did with them). */
    public synchronized int connectionsAccepted() {
        return connections.size() + failedUpstreamConnects + resetOnAccept;
    }

    /** Accepted connections whose server side could not be reached (the client was reset). */
    public synchronized int failedUpstreamConnects() {
        return failedUpstreamConnects;
    }

    /** Bytes delivered to the server over all connections. */
    public long bytesToServer() {
        return totalToServer.get();
    }

    /** Bytes delivered to clients over all connections. */
    public long bytesToClient() {
        return totalToClient.get();
    }

    /**
     * Waits until at least {@code count} connections were accepted and returns them all.
     *
     * @throws IllegalStateException when fewer arrived within the timeout
     */
    public List<ProxiedConnection> awaitConnections(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (connections.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("FaultProxy on port " + port() + " accepted " + connections.size()
                            + " connection(s), expected " + count + " within " + timeout.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(connections);
        }
    }

    /** Stops accepting, closes every connection and waits (bounded) for the proxy's threads. Idempotent. */
    @Override
    public void close() {
        List<ProxiedConnection> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(connections);
            notifyAll();
        }
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (ProxiedConnection connection : all) {
            connection.abort(false);
        }
        try {
            acceptor.join(ProxiedConnection.joinTimeout().toMillis());
            for (ProxiedConnection connection : all) {
                connection.join(ProxiedConnection.joinTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void checkLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency must not be null; use Duration.ZERO for none");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                handle(client);
            } catch (RuntimeException e) {
                closeQuietly(client, true);
            }
        }
    }

    private void handle(Socket client) {
        AcceptMode mode;
        synchronized (this) {
            if (closed) {
                closeQuietly(client, false);
                return;
            }
            mode = acceptMode;
        }
        setNoDelay(client);
        Socket server = null;
        if (mode == AcceptMode.RESET) {
            synchronized (this) {
                resetOnAccept++;
            }
            closeQuietly(client, true);
            return;
        }
        if (mode == AcceptMode.FORWARD) {
            server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), (int) DEFAULT_CONNECT_TIMEOUT.toMillis());
                setNoDelay(server);
            } catch (IOException e) {
                synchronized (this) {
                    failedUpstreamConnects++;
                }
                closeQuietly(server, false);
                closeQuietly(client, true);
                return;
            }
        }
        ProxiedConnection connection;
        synchronized (this) {
            if (closed) {
                closeQuietly(client, false);
                if (server != null) {
                    closeQuietly(server, false);
                }
                return;
            }
            connection = new ProxiedConnection(
                    connections.size() + 1,
                    threadPrefix,
                    client,
                    server,
                    states.clone(),
                    latencies.clone(),
                    totalToServer,
                    totalToClient);
            connections.add(connection);
            notifyAll();
        }
        connection.start();
    }

    private static void setNoDelay(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            // a latency-sensitive nicety, not a requirement
        }
    }

    private static void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + targetHost + ":" + targetPort + ", accepted "
                + connectionsAccepted() + "]";
    }
}
