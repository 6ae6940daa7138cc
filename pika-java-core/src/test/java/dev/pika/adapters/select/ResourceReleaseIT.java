package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Closing releases everything: after a connection that published and consumed closes, its loop has no registered
 * channel or pending resource, the loop's thread ends when the application stops it from the on-close callback, no
 * {@code pika-io}/{@code pika-resolver} thread is left once the loop is closed, and the process has no more open
 * sockets, selector descriptors (epoll, eventfd) or pipes than before.
 */
@PikaIntegrationTest
class ResourceReleaseIT {

    private static final Path FDS = Path.of("/proc/self/fd");
    /** Resolver threads idle out after ResolveRequest.IDLE_SECONDS; wait a little longer than that. */
    private static final Duration THREAD_BOUND = Duration.ofSeconds(ResolveRequest.IDLE_SECONDS + 20);

    TestBroker broker;

    /** One connection's life: open, channel, declare, publish, consume, close; the loop stopped on close. */
    private void connectWorkAndClose() throws Exception {
        String queue = broker.name("release");
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        CompletableFuture<AmqpConnectionException> closed = new CompletableFuture<>();
        SelectConnection connection = new SelectConnection(
                LiveConnection.parameters(broker).build(),
                opened::complete,
                (c, error) -> opened.completeExceptionally(error),
                (c, reason) -> {
                    closed.complete(reason);
                    ((SelectConnection) c).ioloop().stop(); // the documented way to end the loop's thread
                });
        IoLoop loop = connection.ioloop();
        Thread loopThread = loop.startInBackground();
        try {
            Loops.await(opened);
            Channel channel = Loops.await(Loops.onLoop(loop, connection::openChannel));
            Loops.await(Loops.onLoop(loop, () -> channel.queueDeclare(queue, false, false, false, true, null)));
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Loops.onLoop(loop, () -> {
                channel.basicConsume(queue, (ch, method, properties, body) -> received.complete(body), true);
                channel.basicPublish("", queue, new byte[] {42});
            });
            assertThat(Loops.await(received)).containsExactly(42);

            Loops.onLoop(loop, () -> connection.close());

            assertThat(Loops.await(closed)).isInstanceOf(ConnectionClosedByClientException.class);
            Loops.join(loopThread);
            // the loop is stopped, not closed: its thread is gone and nothing is registered with it any more
            assertThat(loop.resourceCount())
                    .as("transports, connects, resolutions")
                    .isZero();
            loop.runOnce(Duration.ZERO); // lets the selector drop the cancelled keys
            assertThat(loop.selector().keys()).as("selection keys").isEmpty();
        } finally {
            loop.close();
        }
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void closingLeavesNoThreadAndNoOpenSocket() throws Exception {
        connectWorkAndClose(); // warm-up: class loading may open files the JVM keeps
        awaitNoClientThreads();
        boolean countFds = Files.isDirectory(FDS);
        long before = countFds ? openFileDescriptors() : -1;

        connectWorkAndClose();

        awaitNoClientThreads();
        if (countFds) {
            awaitCondition("file descriptors back to " + before, () -> openFileDescriptors() <= before);
            assertThat(openFileDescriptors()).isLessThanOrEqualTo(before);
        }
        assumeTrue(countFds, "no /proc/self/fd here: file descriptors were not counted (threads were)");
    }

    /**
     * The process's open sockets, selectors (epoll and eventfd) and pipes: what a connection and its loop open. Files
     * are left out: the JVM opens jars and class files lazily whenever a class is first loaded, on any thread.
     */
    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.map(ResourceReleaseIT::target)
                    .filter(target -> target.startsWith("socket:")
                            || target.startsWith("anon_inode:")
                            || target.startsWith("pipe:"))
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FDS, e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // closed meanwhile (or the listing's own descriptor)
        }
    }

    private static void awaitNoClientThreads() {
        awaitCondition(
                "no pika-io or pika-resolver thread", () -> clientThreads().isEmpty());
        assertThat(clientThreads()).isEmpty();
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + THREAD_BOUND.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static List<String> clientThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("pika-io-") || name.startsWith("pika-resolver-"))) {
                names.add(name);
            }
        }
        return names;
    }
}
