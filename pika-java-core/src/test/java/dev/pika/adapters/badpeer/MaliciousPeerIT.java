package dev.pika.adapters.badpeer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.BodyTooLongException;
import dev.pika.exceptions.ConnectionClosedByClientException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.InvalidFrameException;
import dev.pika.exceptions.MethodNotImplementedException;
import dev.pika.exceptions.ProtocolSyntaxException;
import dev.pika.testing.peer.AmqpFrames;
import dev.pika.testing.peer.InboundFrame;
import dev.pika.testing.peer.PayloadWriter;
import dev.pika.testing.peer.PeerSession;
import dev.pika.testing.peer.ScriptedPeer;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broken or malicious broker, played byte by byte by a {@link ScriptedPeer} on loopback, against both adapters.
 * Every scenario checks: the failure reaches the application within a bound as a typed exception from {@code
 * dev.pika.exceptions} carrying the AMQP reply code; an open connection answers with {@code Connection.Close} and that
 * code (an opening one drops the stream and sends nothing more); the I/O thread does not allocate what the peer
 * announced (a lying length comes with a few bytes only, and the client rejects it at once: the thread's allocation
 * stays far below the announced size); and no {@code pika-} thread is left behind.
 *
 * <p>Needs no broker: an IT because it runs real sockets and threads.
 */
@Timeout(120)
class MaliciousPeerIT {

    /** The bound for every failure to reach the application (they all happen at once; the machine is shared). */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The frame_max the peer proposes (the client's default is higher, so the negotiated one is this). */
    private static final int FRAME_MAX = 4096;

    /**
     * What the I/O thread may allocate while it rejects a lie of 1 GiB or more: logging the protocol error with its
     * stack trace, the close handshake. Allocating the announced size would be 100 times this.
     */
    private static final long ALLOCATION_LIMIT = 8L << 20;

    private static final long ONE_GIB = 1L << 30;

    private static Set<Thread> threadsBeforeAll;
    private static final List<String> FIGURES = new CopyOnWriteArrayList<>();
    private Set<Thread> threadsBefore;
    private String scenario;

    /** The two adapters under test. */
    enum Adapter {
        SELECT(SelectClient::new),
        BLOCKING(BlockingClient::new);

        private final Supplier<ClientUnderTest> factory;

        Adapter(Supplier<ClientUnderTest> factory) {
            this.factory = factory;
        }

        ClientUnderTest create() {
            return factory.get();
        }
    }

    @BeforeAll
    static void snapshotThreadsBeforeAll() {
        threadsBeforeAll = ClientThreads.pikaThreads();
    }

    @BeforeEach
    void snapshotThreads(TestInfo test) {
        threadsBefore = ClientThreads.pikaThreads();
        scenario = test.getTestMethod().orElseThrow().getName();
    }

    @AfterAll
    static void theResolverPoolEndsToo() throws InterruptedException {
        System.out.println("[malicious-peer] scenario | adapter | outcome | failure seen after | I/O thread allocated");
        FIGURES.forEach(row -> System.out.println("[malicious-peer] " + row));
        // The JVM-wide resolver pool keeps idle threads for 10 s; after that nothing of the client may remain.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ClientThreads.leftBehind(threadsBeforeAll, true).isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(ClientThreads.leftBehind(threadsBeforeAll, true))
                .as("pika- threads (resolver pool included) alive 30 s after the last scenario")
                .isEmpty();
    }

    private static ConnectionParameters.Builder parameters(ScriptedPeer peer) {
        return ConnectionParameters.builder()
                .host(peer.host())
                .port(peer.port())
                .connectionAttempts(1)
                .stackTimeout(BOUND)
                .connectionName("malicious-peer-" + peer.port());
    }

    // ------------------------------------------------------------------------------------------------
    // While the connection opens: the stream is dropped, the opening fails with a typed error

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void garbageAfterTheProtocolHeaderFailsTheOpeningWithAFrameError(Adapter adapter) throws Exception {
        byte[] garbage = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        AmqpConnectionException failure = openingFails(adapter, session -> session.send(garbage), null);
        assertThat(failure).isInstanceOf(IncompatibleProtocolException.class);
        assertThat(protocolError(failure))
                .isInstanceOf(InvalidFrameException.class)
                .satisfies(error -> assertThat(error.replyCode()).isEqualTo(501));
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aServerPropertiesTableAnnouncingTwoGibibytesIsRejectedWithoutAllocatingIt(Adapter adapter) throws Exception {
        byte[] lyingTable = new PayloadWriter()
                .longInt(0x7FFF_FFFFL)
                .shortString("product")
                .octet('S')
                .toByteArray();
        AmqpConnectionException failure =
                openingFails(adapter, session -> session.send(AmqpFrames.connectionStart(lyingTable)), null);
        assertThat(failure).isInstanceOf(IncompatibleProtocolException.class);
        assertThat(protocolError(failure))
                .isInstanceOf(InvalidFrameException.class)
                .satisfies(error -> assertThat(error.replyCode()).isEqualTo(501))
                .hasMessageContaining("field table");
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aSlowlorisHandshakeFailsWithTheStackTimeout(Adapter adapter) throws Exception {
        Duration stackTimeout = Duration.ofSeconds(2);
        CompletableFuture<Integer> bytesSent = new CompletableFuture<>();
        long started = System.nanoTime();
        AmqpConnectionException failure = openingFails(
                adapter,
                session -> bytesSent.complete(session.sendSlowly(AmqpFrames.connectionStart(), Duration.ofSeconds(1))),
                builder -> builder.stackTimeout(stackTimeout));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).as("failed soon after the stack timeout").isLessThan(stackTimeout.plus(BOUND));
        assertThat(elapsed).as("not before the stack timeout").isGreaterThanOrEqualTo(stackTimeout);
        assertThat(causes(failure)).anyMatch(SocketTimeoutException.class::isInstance);
        assertThat(failure).hasMessageContaining("stackTimeout");
        assertThat(bytesSent.get())
                .as("the client hung up before the peer finished Connection.Start")
                .isLessThan(AmqpFrames.connectionStart().length);
    }

    // ------------------------------------------------------------------------------------------------
    // Once open: Connection.Close with the reply code, the application sees it typed

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aFrameOverTheNegotiatedFrameMaxIsAFrameErrorBeforeItIsBuffered(Adapter adapter) throws Exception {
        // Announces 1 GiB and sends 16 bytes of it: the client must not wait for (or allocate) the rest.
        AmqpException failure = openConnectionFails(
                adapter,
                false,
                channel -> AmqpFrames.frameStart(AmqpFrames.FRAME_METHOD, 0, ONE_GIB, new byte[16]),
                501);
        assertThat(protocolError(failure)).isInstanceOf(InvalidFrameException.class);
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aBodyLongerThanItsHeaderAnnouncedIsAnUnexpectedFrame(Adapter adapter) throws Exception {
        AmqpException failure = openConnectionFails(
                adapter,
                true,
                channel -> AmqpFrames.concat(
                        AmqpFrames.basicDeliver(channel, ClientUnderTest.CONSUMER_TAG, 1, false, "", "q"),
                        AmqpFrames.contentHeader(channel, 10),
                        AmqpFrames.contentBody(channel, "twenty bytes of body")),
                505);
        assertThat(protocolError(failure)).isInstanceOf(BodyTooLongException.class);
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aBodyAnnouncedAboveTheInboundLimitIsAResourceErrorWithoutAllocatingIt(Adapter adapter) throws Exception {
        AmqpException failure = openConnectionFails(
                adapter,
                true,
                channel -> AmqpFrames.concat(
                        AmqpFrames.basicDeliver(channel, ClientUnderTest.CONSUMER_TAG, 1, false, "", "q"),
                        AmqpFrames.contentHeader(channel, 1L << 40)),
                506);
        assertThat(protocolError(failure)).isInstanceOf(BodyTooLongException.class);
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void anUnknownClassAndMethodIsNotImplemented(Adapter adapter) throws Exception {
        AmqpException failure =
                openConnectionFails(adapter, false, channel -> AmqpFrames.method(0, 99, 10, new byte[] {1, 2, 3}), 540);
        assertThat(protocolError(failure))
                .isInstanceOf(MethodNotImplementedException.class)
                .hasMessageContaining("class 99, method 10");
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aHeadersTableAnnouncingTwoGibibytesIsAFrameErrorWithoutAllocatingIt(Adapter adapter) throws Exception {
        byte[] lyingHeaders = new PayloadWriter()
                .shortInt(0x2000) // property flags: headers only
                .longInt(0x8000_0000L) // the table's length: 2 GiB
                .bytes(new byte[8])
                .toByteArray();
        AmqpException failure = openConnectionFails(
                adapter,
                true,
                channel -> AmqpFrames.concat(
                        AmqpFrames.basicDeliver(channel, ClientUnderTest.CONSUMER_TAG, 1, false, "", "q"),
                        AmqpFrames.contentHeader(channel, 5, lyingHeaders)),
                501);
        assertThat(protocolError(failure)).isInstanceOf(InvalidFrameException.class);
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void aFrameEndOtherThan0xCEIsAFrameError(Adapter adapter) throws Exception {
        AmqpException failure = openConnectionFails(
                adapter, false, channel -> AmqpFrames.frame(AmqpFrames.FRAME_HEARTBEAT, 0, new byte[0], 0x00), 501);
        assertThat(protocolError(failure))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("FRAME_END");
    }

    // ------------------------------------------------------------------------------------------------

    /** A script step that may throw. */
    @FunctionalInterface
    private interface Step {
        void run(PeerSession session) throws Exception;
    }

    /**
     * The peer reads the protocol header and runs {@code misbehave}; the client's opening must fail within the bound
     * (the stack timeout's, when tweaked) and the peer then sees the stream end with no frame from the client.
     */
    private AmqpConnectionException openingFails(
            Adapter adapter, Step misbehave, UnaryOperator<ConnectionParameters.Builder> tweak) throws Exception {
        CompletableFuture<List<InboundFrame>> afterMisbehaving = new CompletableFuture<>();
        AmqpConnectionException failure;
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            session.expectProtocolHeader(BOUND);
            misbehave.run(session);
            afterMisbehaving.complete(session.awaitEndOfStream(BOUND));
        })) {
            ConnectionParameters.Builder builder = parameters(peer);
            ConnectionParameters parameters = (tweak == null ? builder : tweak.apply(builder)).build();
            try (ClientUnderTest client = adapter.create()) {
                long started = System.nanoTime();
                failure = client.open(parameters, BOUND.plus(BOUND));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                assertThat(elapsed)
                        .as("the opening failed within its bound")
                        .isLessThan(parameters.stackTimeout().orElseThrow().plus(BOUND));
                assertThat(failure).as(client + " reported the opening failure").isNotNull();
                FIGURES.add(scenario + " | " + adapter + " | "
                        + failure.getClass().getSimpleName() + " | " + elapsed.toMillis() + " ms | n/a");
            }
            peer.awaitScripts(1, BOUND.plus(BOUND));
        }
        assertThat(afterMisbehaving.get())
                .as("frames the client sent after the peer misbehaved")
                .isEmpty();
        ClientThreads.awaitNoneLeftBehind(threadsBefore, BOUND);
        return failure;
    }

    /**
     * The peer opens the connection (frame_max {@value #FRAME_MAX}, no heartbeat), accepts a channel and a consumer when
     * asked to, then sends {@code badBytes} for that channel. The client must answer with {@code Connection.Close}
     * carrying {@code replyCode} without allocating anything near a lying size (measured on its I/O thread while it
     * waits for {@code CloseOk}), and the application must see {@link ConnectionClosedByClientException} with that
     * code.
     */
    private AmqpException openConnectionFails(
            Adapter adapter, boolean consume, IntFunction<byte[]> badBytes, int replyCode) throws Exception {
        CountDownLatch misbehave = new CountDownLatch(1);
        CountDownLatch answerClose = new CountDownLatch(1);
        CompletableFuture<InboundFrame> closeSeen = new CompletableFuture<>();
        AmqpException failure;
        try (ScriptedPeer peer = ScriptedPeer.start(session -> {
            session.handshake(2047, FRAME_MAX, 0);
            int channel = 0;
            if (consume) {
                channel = session.acceptChannel();
                session.acceptConsume(channel);
            }
            assertThat(misbehave.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            session.send(badBytes.apply(channel));
            closeSeen.complete(session.expectMethod(AmqpFrames.CONNECTION_CLOSE, BOUND));
            assertThat(answerClose.await(BOUND.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            session.send(AmqpFrames.connectionCloseOk());
            // RabbitMQ closes its side after CloseOk; a client whose decoder failed cannot read the CloseOk and
            // relies on this end of stream (or on Connection.CLOSE_TIMEOUT when the peer keeps the socket open).
            session.socket().shutdownOutput();
            session.awaitEndOfStream(BOUND);
        })) {
            try (ClientUnderTest client = adapter.create()) {
                assertThat(client.open(parameters(peer).build(), BOUND))
                        .as("opening failure")
                        .isNull();
                if (consume) {
                    client.consume(BOUND);
                }
                Thread ioThread = client.ioThread();
                long allocatedBefore = ClientThreads.allocatedBytes(ioThread);
                long started = System.nanoTime();
                misbehave.countDown();
                InboundFrame close = closeSeen.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                long allocated = ClientThreads.allocatedBytes(ioThread) - allocatedBefore;
                assertThat(close.closeReplyCode())
                        .as("Connection.Close reply code")
                        .isEqualTo(replyCode);
                assertThat(allocated)
                        .as("bytes the I/O thread allocated while rejecting the frame")
                        .isLessThan(ALLOCATION_LIMIT);
                answerClose.countDown();
                failure = client.awaitFailure(BOUND);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                assertThat(elapsed).isLessThan(BOUND);
                FIGURES.add(scenario + " | " + adapter + " | Connection.Close " + replyCode + ", "
                        + failure.getClass().getSimpleName() + " | " + elapsed.toMillis() + " ms | "
                        + (allocated >> 10) + " KiB");
            }
            peer.awaitScripts(1, BOUND);
        }
        assertThat(failure).isInstanceOfSatisfying(ConnectionClosedByClientException.class, closed -> {
            assertThat(closed.replyCode()).isEqualTo(replyCode);
        });
        ClientThreads.awaitNoneLeftBehind(threadsBefore, BOUND);
        return failure;
    }

    private static ProtocolSyntaxException protocolError(Throwable failure) {
        return causes(failure).stream()
                .filter(ProtocolSyntaxException.class::isInstance)
                .map(ProtocolSyntaxException.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No ProtocolSyntaxException among the causes of " + failure));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
