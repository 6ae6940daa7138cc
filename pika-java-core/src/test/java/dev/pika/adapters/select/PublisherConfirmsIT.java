package dev.pika.adapters.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.channel.Channel;
import dev.pika.exceptions.UnroutableException;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.RequiresRabbitMq;
import dev.pika.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publisher confirms against a real broker: 100,000 pipelined publishes (written as fast as the connection stays
 * writable, paused on backpressure) are all confirmed, tracked by sequence number with {@code multiple} acks; and a
 * mandatory unroutable publish reports its return, then its ack, and its own future fails with {@link
 * UnroutableException}.
 */
@PikaIntegrationTest
class PublisherConfirmsIT {

    private static final int MESSAGES = 100_000;
    private static final int BATCH = 500;
    /** A bound for the whole run, far above what it takes; not a timing goal (see the benchmarks). */
    private static final Duration BOUND = Duration.ofMinutes(3);

    TestBroker broker;

    /** Tracks the outstanding sequence numbers; confirmation frames may ack one or (multiple) all up to a tag. */
    private static final class Outstanding {
        final BitSet pending = new BitSet();
        long acked;
        long nacked;
        long multipleFrames;
        final CompletableFuture<Void> allConfirmed = new CompletableFuture<>();
        long published;

        void published(long sequence) {
            pending.set(Math.toIntExact(sequence));
            published++;
        }

        void onConfirm(Method method) {
            long tag;
            boolean multiple;
            boolean ack = method instanceof Basic.Ack;
            if (method instanceof Basic.Ack a) {
                tag = a.deliveryTag();
                multiple = a.multiple();
            } else {
                Basic.Nack n = (Basic.Nack) method;
                tag = n.deliveryTag();
                multiple = n.multiple();
            }
            int from = multiple ? Math.max(1, pending.nextSetBit(1)) : Math.toIntExact(tag);
            int to = Math.toIntExact(tag);
            if (multiple) {
                multipleFrames++;
            }
            int cleared = pending.get(from, to + 1).cardinality();
            pending.clear(from, to + 1);
            if (ack) {
                acked += cleared;
            } else {
                nacked += cleared;
            }
            if (published == MESSAGES && pending.isEmpty()) {
                allConfirmed.complete(null);
            }
        }
    }

    @Test
    void oneHundredThousandPipelinedPublishesAreAllConfirmed() throws Exception {
        String queue = broker.name("confirms");
        try (LiveConnection live = LiveConnection.open(broker)) {
            Channel channel = live.channel();
            live.await(() -> channel.queueDeclare(queue, false, false, false, false, null));
            Outstanding outstanding = new Outstanding();
            live.await(() -> channel.confirmDelivery(outstanding::onConfirm));
            byte[] body = new byte[100];
            int[] pauses = {0};

            // Publish in batches, one batch per loop turn; when the connection is not writable, wait for the
            // write-buffer-drained callback (the backpressure contract) before publishing on.
            Runnable publishBatch = new Runnable() {
                @Override
                public void run() {
                    int inBatch = 0;
                    while (outstanding.published < MESSAGES && inBatch++ < BATCH) {
                        if (!live.connection.isWritable()) {
                            pauses[0]++;
                            return; // resumed by the drained callback
                        }
                        outstanding.published(channel.basicPublish("", queue, body));
                    }
                    if (outstanding.published < MESSAGES) {
                        live.loop.addCallbackThreadsafe(this);
                    }
                }
            };
            live.run(() -> {
                live.connection.addOnWriteBufferDrainedCallback(connection -> publishBatch.run());
                publishBatch.run();
            });

            outstanding.allConfirmed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);

            live.run(() -> {
                assertThat(outstanding.acked).isEqualTo(MESSAGES);
                assertThat(outstanding.nacked).isZero();
                assertThat(channel.pendingConfirmCount()).isZero();
                assertThat(channel.nextPublishSequenceNumber()).isEqualTo(MESSAGES + 1);
            });
            Queue.DeclareOk declared = live.await(() -> channel.queueDeclare(queue, true, false, false, false, null));
            assertThat(declared.messageCount()).isEqualTo(MESSAGES);
            System.out.printf(
                    "[confirms] %d publishes confirmed in %d frames with multiple=true; %d backpressure pauses%n",
                    MESSAGES, outstanding.multipleFrames, pauses[0]);
            live.await(() -> channel.queueDelete(queue));
        }
    }

    @Test
    @RequiresRabbitMq("Qpid Broker-J nacks an unroutable mandatory publish instead of acking it after the return")
    void aMandatoryUnroutablePublishIsReturnedThenAcked() throws Exception {
        String nowhere = broker.name("no-such-queue");
        try (LiveConnection live = LiveConnection.open(broker)) {
            Channel channel = live.channel();
            List<String> events = new CopyOnWriteArrayList<>();
            live.run(() -> channel.addOnReturnCallback((ch, method, properties, body) ->
                    events.add("return " + method.replyCode() + " " + method.routingKey())));
            live.await(() -> channel.confirmDelivery(method -> events.add(method.name())));

            CompletableFuture<Void> confirmed =
                    live.call(() -> channel.basicPublishConfirmed("", nowhere, new byte[] {1, 2, 3}, null, true));

            assertThatThrownBy(() -> confirmed.get(Loops.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(UnroutableException.class, e -> {
                        assertThat(e.messages()).singleElement().satisfies(returned -> {
                            assertThat(returned.routingKey()).isEqualTo(nowhere);
                            assertThat(returned.body()).containsExactly(1, 2, 3);
                        });
                    });
            assertThat(new ArrayList<>(events)).containsExactly("return 312 " + nowhere, "Basic.Ack");
        }
    }
}
