package dev.pika.testing.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fake AMQP 0-9-1 broker on loopback that runs a {@link PeerScript} for every connection it accepts: the test
 * plays the broker byte by byte, including the broken and malicious brokers a real one never is (garbage after the
 * protocol header, frames over {@code frame_max}, lying length prefixes, a handshake sent one byte per second).
 * Frames are built by hand with {@link AmqpFrames} and {@link PayloadWriter}, independent of the client under test.
 *
 * <pre>{@code
 * try (ScriptedPeer peer = ScriptedPeer.start(session -> {
 *         session.handshake(2047, 4096, 0);
 *         session.send(AmqpFrames.method(0, 99, 10, new byte[0]));           // a method nobody knows
 *         InboundFrame close = session.expectMethod(AmqpFrames.CONNECTION_CLOSE, Duration.ofSeconds(10));
 *         assertThat(close.closeReplyCode()).isEqualTo(540);
 *         session.send(AmqpFrames.connectionCloseOk());
 *         session.awaitEndOfStream(Duration.ofSeconds(10));
 *     })) {
 *     // connect the client under test to peer.host():peer.port(), then
 *     peer.awaitScripts(1, Duration.ofSeconds(30));                         // rethrows what a script threw
 * }
 * }</pre>
 *
 * <p>Thread-safe. One daemon accept thread and one daemon thread per accepted connection, named
 * {@code scripted-peer-<port>-...} (never {@code pika-...}, so leak checks of the client's threads do not see them);
 * {@link #close()} closes every socket and waits, bounded, for them to end.
 */
public final class ScriptedPeer implements AutoCloseable {

    private static final Duration JOIN_BOUND = Duration.ofSeconds(5);

    private final PeerScript script;
    private final ServerSocket server;
    private final Thread acceptor;
    private final String threadPrefix;

    // guarded by this
    private final List<PeerSession> sessions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<CompletableFuture<Void>> outcomes = new ArrayList<>();
    private boolean closed;

    private ScriptedPeer(PeerScript script, ServerSocket server) {
        this.script = script;
        this.server = server;
        this.threadPrefix = "scripted-peer-" + server.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on a free port of the loopback address and runs {@code script} for every connection.
     *
     * @throws IllegalStateException when no loopback port can be bound
     */
    public static ScriptedPeer start(PeerScript script) {
        Objects.requireNonNull(script, "script must not be null");
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException("ScriptedPeer could not bind a loopback port: " + e.getMessage(), e);
        }
        ScriptedPeer peer = new ScriptedPeer(script, server);
        peer.acceptor.start();
        return peer;
    }

    /** The address to connect to: the loopback address. */
    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** The port to connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far. */
    public synchronized int accepted() {
        return sessions.size();
    }

    /** The accepted connections so far, in order. */
    public synchronized List<PeerSession> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * Waits until {@code count} connections were accepted and the script of each has returned.
     *
     * @throws AssertionError when fewer connections arrived, a script is still running after the bound, or a script
     *     threw (the first failure is the cause)
     */
    public void awaitScripts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Void>> awaited;
        synchronized (this) {
            while (outcomes.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ScriptedPeer accepted " + outcomes.size() + " connection(s) within "
                            + timeout + ", expected " + count);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            awaited = List.copyOf(outcomes.subList(0, count));
        }
        for (int i = 0; i < awaited.size(); i++) {
            try {
                awaited.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("The script of connection #" + i + " was still running after " + timeout, e);
            } catch (ExecutionException e) {
                throw new AssertionError(
                        "The script of connection #" + i + " failed: "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    /** Stops accepting, closes every connection and waits (bounded) for the peer's threads to end. */
    @Override
    public void close() {
        List<PeerSession> open;
        List<Thread> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(sessions);
            running = List.copyOf(threads);
            notifyAll();
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
        open.forEach(PeerSession::close);
        join(acceptor);
        running.forEach(ScriptedPeer::join);
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            PeerSession session;
            CompletableFuture<Void> outcome = new CompletableFuture<>();
            synchronized (this) {
                if (closed) {
                    closeQuietly(socket);
                    return;
                }
                try {
                    session = new PeerSession(socket, sessions.size());
                } catch (IOException e) {
                    closeQuietly(socket);
                    continue;
                }
                Thread thread =
                        new Thread(() -> runScript(session, outcome), threadPrefix + "-session-" + sessions.size());
                thread.setDaemon(true);
                sessions.add(session);
                threads.add(thread);
                outcomes.add(outcome);
                notifyAll();
                thread.start();
            }
        }
    }

    private void runScript(PeerSession session, CompletableFuture<Void> outcome) {
        try {
            script.run(session);
            outcome.complete(null);
        } catch (Throwable e) {
            outcome.completeExceptionally(e);
        } finally {
            session.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ScriptedPeer[" + host() + ":" + port() + "]";
    }
}
