package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.TcpOptions;
import dev.pika.channel.Channel;
import dev.pika.io.WriteBufferFullException;
import dev.pika.spec.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import dev.pika.testing.proxy.Direction;
import dev.pika.testing.proxy.FaultProxy;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Backpressure when the broker stops reading (a {@link FaultProxy} stalls the client-to-broker direction): the
 * connection reports itself not writable above the high watermark, a publish that would take the outbound buffer
 * above its hard limit fails with {@link WriteBufferFullException} and sends nothing, and once the broker reads again
 * the drained callback fires and every accepted publish arrives, whole.
 */
@PikaIntegrationTest
class BackpressureIT {

    private static final long HIGH_WATERMARK = 256 * 1024;
    private static final long LIMIT = 2 * 1024 * 1024;
    private static final int BODY = 16 * 1024;
    /** Stops a test whose stall did not work instead of publishing forever. */
    private static final long MAX_PUBLISHES = 100_000;

    TestBroker broker;

    /** What the publisher saw while the broker was stalled. */
    private static final class Run {
        long accepted;
        boolean sawNotWritable;
        long acceptedWhenNotWritable = -1;
        final CompletableFuture<WriteBufferFullException> refused = new CompletableFuture<>();
        final CompletableFuture<Boolean> drained = new CompletableFuture<>();
    }

    @Test
    void aStalledBrokerMakesTheConnectionUnwritableThenRefusesPublishesAboveTheLimit() throws Exception {
        String queue = broker.name("backpressure");
        try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                LiveConnection live = LiveConnection.open(LiveConnection.parameters(broker)
                        .host(proxy.host())
                        .port(proxy.port())
                        .tcpOptions(
                                TcpOptions.builder().sendBufferSize(64 * 1024).build())
                        .writeBufferHighWatermark(HIGH_WATERMARK)
                        .writeBufferLimit(LIMIT)
                        .build())) {
            Channel channel = live.channel();
            live.await(() -> channel.queueDeclare(queue, false, false, false, false, null));
            live.await(channel::confirmDelivery);
            byte[] body = new byte[BODY];
            Run run = new Run();
            live.run(() -> live.connection.addOnWriteBufferDrainedCallback(
                    connection -> run.drained.complete(connection.isWritable())));

            proxy.stall(Direction.TO_SERVER);
            // Publish a few messages per loop turn, so that every turn flushes what the socket takes, until the
            // outbound buffer refuses one.
            Runnable publishSome = new Runnable() {
                @Override
                public void run() {
                    try {
                        for (int i = 0; i < 8; i++) {
                            if (!live.connection.isWritable() && !run.sawNotWritable) {
                                run.sawNotWritable = true;
                                run.acceptedWhenNotWritable = run.accepted;
                            }
                            channel.basicPublish("", queue, body);
                            run.accepted++;
                        }
                    } catch (WriteBufferFullException e) {
                        run.refused.complete(e);
                        return;
                    }
                    if (run.accepted < MAX_PUBLISHES) {
                        live.loop.addCallbackThreadsafe(this);
                    } else {
                        run.refused.completeExceptionally(new AssertionError("never refused: is the proxy stalled?"));
                    }
                }
            };
            live.run(publishSome);

            WriteBufferFullException refused = Loops.await(run.refused);
            assertThat(refused.hardLimit()).isEqualTo(LIMIT);
            assertThat(refused.bufferedBytes() + refused.requestedBytes()).isGreaterThan(LIMIT);
            assertThat(refused.bufferedBytes()).isLessThanOrEqualTo(LIMIT);
            live.run(() -> {
                assertThat(run.sawNotWritable)
                        .as("isWritable() turned false first")
                        .isTrue();
                assertThat(live.connection.isWritable()).isFalse();
                assertThat(live.connection.isOpen())
                        .as("a refused publish leaves the connection usable")
                        .isTrue();
                assertThat(run.drained).isNotDone();
            });

            proxy.resume(Direction.TO_SERVER);

            assertThat(Loops.await(run.drained))
                    .as("writable again when drained")
                    .isTrue();
            live.await(() -> {
                CompletableFuture<Void> confirmed = channel.basicPublishConfirmed("", queue, body);
                run.accepted++;
                return confirmed;
            });
            Queue.DeclareOk declared = live.await(() -> channel.queueDeclare(queue, true, false, false, false, null));
            assertThat(declared.messageCount())
                    .as("every accepted publish arrived, the refused one did not")
                    .isEqualTo(run.accepted);
            System.out.printf(
                    "[backpressure] not writable after %d publishes, refused after %d (%d bytes buffered)%n",
                    run.acceptedWhenNotWritable, run.accepted - 1, refused.bufferedBytes());
            live.await(() -> channel.queueDelete(queue));
        }
    }
}
