package dev.pika.spring.listener.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

    /** Records frames, and plays them against a model of the broker's outstanding tags. */
    static final class Broker implements AckSink {
        final List<String> frames = new ArrayList<>();
        final TreeMap<Long, Boolean> outstanding = new TreeMap<>();
        final Map<Long, Settlement> outcomes = new HashMap<>();

        void deliver(AckTracker tracker, long tag) {
            outstanding.put(tag, true);
            tracker.received(tag);
        }

        @Override
        public void ack(long deliveryTag, boolean multiple) {
            frames.add("ack " + deliveryTag + (multiple ? " multiple" : ""));
            apply(deliveryTag, multiple, Settlement.ACK);
        }

        @Override
        public void nack(long deliveryTag, boolean multiple, boolean requeue) {
            frames.add("nack " + deliveryTag + (multiple ? " multiple" : "") + (requeue ? " requeue" : ""));
            apply(deliveryTag, multiple, requeue ? Settlement.REQUEUE : Settlement.DISCARD);
        }

        private void apply(long tag, boolean multiple, Settlement settlement) {
            if (!multiple) {
                assertThat(outstanding.remove(tag))
                        .as("tag %s outstanding (else 406 PRECONDITION_FAILED)", tag)
                        .isNotNull();
                outcomes.put(tag, settlement);
                return;
            }
            assertThat(outstanding.containsKey(tag) || outstanding.headMap(tag).isEmpty() == false)
                    .as("multiple on %s settles something", tag)
                    .isTrue();
            for (Long covered : List.copyOf(outstanding.headMap(tag, true).keySet())) {
                outstanding.remove(covered);
                outcomes.put(covered, settlement);
            }
        }
    }

    @Test
    void aContiguousRunOfAcksIsOneMultipleAck() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 5; tag++) {
            broker.deliver(tracker, tag);
        }
        for (long tag = 5; tag >= 1; tag--) {
            assertThat(tracker.settle(tag, Settlement.ACK)).isTrue();
        }
        assertThat(tracker.flush(broker, false)).isEqualTo(1);
        assertThat(broker.frames).containsExactly("ack 5 multiple");
        assertThat(broker.outstanding).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void aSingleTagIsNotMultiple() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        broker.deliver(tracker, 1);
        broker.deliver(tracker, 2);
        tracker.settle(1, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 1");
        assertThat(broker.outstanding).containsOnlyKeys(2L);
    }

    @Test
    void settledTagsWaitBehindAnUnsettledOneThenJoinTheRun() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 3; tag++) {
            broker.deliver(tracker, tag);
        }
        tracker.settle(2, Settlement.ACK);
        tracker.settle(3, Settlement.ACK);
        assertThat(tracker.flush(broker, false)).isZero();
        assertThat(tracker.pendingCount()).isEqualTo(2);
        tracker.settle(1, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 3 multiple");
    }

    @Test
    void differentOutcomesSplitTheRuns() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 6; tag++) {
            broker.deliver(tracker, tag);
        }
        tracker.settle(1, Settlement.ACK);
        tracker.settle(2, Settlement.ACK);
        tracker.settle(3, Settlement.DISCARD);
        tracker.settle(4, Settlement.REQUEUE);
        tracker.settle(5, Settlement.REQUEUE);
        tracker.settle(6, Settlement.ACK);
        assertThat(tracker.flush(broker, false)).isEqualTo(4);
        assertThat(broker.frames).containsExactly("ack 2 multiple", "nack 3", "nack 5 multiple requeue", "ack 6");
        assertThat(broker.outcomes)
                .containsEntry(3L, Settlement.DISCARD)
                .containsEntry(4L, Settlement.REQUEUE)
                .containsEntry(6L, Settlement.ACK);
    }

    @Test
    void theHoldLimitSendsWaitingTagsOneByOneAndALaterRunCoversThem() {
        AckTracker tracker = new AckTracker(2);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 5; tag++) {
            broker.deliver(tracker, tag);
        }
        tracker.settle(2, Settlement.ACK);
        tracker.settle(3, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 2", "ack 3");
        tracker.settle(4, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).hasSize(2);
        tracker.settle(1, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 2", "ack 3", "ack 4 multiple");
        assertThat(broker.outstanding).containsOnlyKeys(5L);
    }

    @Test
    void forceSendsEverySettledTag() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 3; tag++) {
            broker.deliver(tracker, tag);
        }
        tracker.settle(3, Settlement.REQUEUE);
        tracker.flush(broker, true);
        assertThat(broker.frames).containsExactly("nack 3 requeue");
        assertThat(broker.outstanding).containsOnlyKeys(1L, 2L);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.unsettledCount()).isEqualTo(2);
    }

    @Test
    void tagsTheContainerNeverSawAreSkipped() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        broker.deliver(tracker, 1);
        tracker.received(3); // tag 2 was rejected by the channel itself (after a cancel): not outstanding
        broker.outstanding.put(3L, true);
        tracker.settle(1, Settlement.ACK);
        tracker.settle(3, Settlement.ACK);
        assertThat(tracker.settle(2, Settlement.ACK)).isFalse();
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 3 multiple");
    }

    @Test
    void unknownAndRepeatedSettlementsAreRefused() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        broker.deliver(tracker, 1);
        assertThat(tracker.settle(1, Settlement.ACK)).isTrue();
        assertThat(tracker.settle(1, Settlement.DISCARD)).isFalse();
        assertThat(tracker.settle(0, Settlement.ACK)).isFalse();
        assertThat(tracker.settle(7, Settlement.ACK)).isFalse();
        tracker.flush(broker, false);
        assertThat(tracker.settle(1, Settlement.ACK)).as("sent already").isFalse();
        assertThat(broker.frames).containsExactly("ack 1");
        assertThatThrownBy(() -> tracker.received(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWindowRestartsAfterEverythingWasSent() {
        AckTracker tracker = new AckTracker(100);
        Broker broker = new Broker();
        broker.deliver(tracker, 1);
        tracker.settle(1, Settlement.ACK);
        tracker.flush(broker, false);
        broker.deliver(tracker, 500);
        tracker.settle(500, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 1", "ack 500");
    }

    @Test
    void tenThousandTagsSettledOutOfOrderAreEachSettledOnceAsDecidedWithFewFrames() {
        Random random = new Random(42);
        AckTracker tracker = new AckTracker(64);
        Broker broker = new Broker();
        Map<Long, Settlement> decided = new HashMap<>();
        List<Long> inProgress = new ArrayList<>();
        long next = 1;
        int flushes = 0;
        while (next <= 10_000 || !inProgress.isEmpty()) {
            while (next <= 10_000 && inProgress.size() < 250) { // prefetch 250
                broker.deliver(tracker, next);
                inProgress.add(next++);
            }
            Collections.shuffle(inProgress.subList(0, Math.min(8, inProgress.size())), random); // 8 workers
            int batch = 1 + random.nextInt(Math.min(8, inProgress.size()));
            for (int i = 0; i < batch; i++) {
                long tag = inProgress.remove(0);
                int roll = random.nextInt(100);
                Settlement settlement =
                        roll < 96 ? Settlement.ACK : roll < 98 ? Settlement.REQUEUE : Settlement.DISCARD;
                decided.put(tag, settlement);
                assertThat(tracker.settle(tag, settlement)).isTrue();
            }
            tracker.flush(broker, random.nextInt(20) == 0);
            flushes++;
        }
        tracker.flush(broker, true);
        assertThat(broker.outstanding).as("nothing left unsettled").isEmpty();
        assertThat(broker.outcomes).isEqualTo(decided);
        assertThat(broker.frames.size())
                .as("frames for 10,000 deliveries settled in %s flushes, 4%% of them nacked", flushes)
                .isLessThan(3_000);
    }

    @Test
    void theRingGrowsBeyondItsFirstCapacity() {
        AckTracker tracker = new AckTracker(10_000);
        Broker broker = new Broker();
        for (long tag = 1; tag <= 1000; tag++) {
            broker.deliver(tracker, tag);
        }
        for (long tag = 1000; tag >= 2; tag--) {
            tracker.settle(tag, Settlement.ACK);
        }
        tracker.flush(broker, false);
        assertThat(broker.frames).isEmpty();
        tracker.settle(1, Settlement.ACK);
        tracker.flush(broker, false);
        assertThat(broker.frames).containsExactly("ack 1000 multiple");
    }
}
