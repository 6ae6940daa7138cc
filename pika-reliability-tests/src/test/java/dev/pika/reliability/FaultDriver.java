package dev.pika.reliability;

import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Injects faults at random points of a publish/consume run: fault {@code k} falls once {@code threshold[k]} distinct
 * messages are confirmed (thresholds drawn at random over the run) and every client has reopened since the previous
 * fault, after a random pause of up to {@link #MAX_JITTER_MILLIS} ms. The publisher's {@link IdSource} allowance
 * stays half an interval past the next threshold, and is raised when a fault starts (so the publisher is publishing
 * while the fault happens, even a slow one such as a broker restart), and the rest of the last interval is allowed
 * only once the last fault is over: the publisher cannot finish before the faults are done. The {@link RecoveryClock} is started
 * when a fault's injection returns.
 *
 * <p>Threading: {@link #run} runs on the test's thread; the clients it watches are thread-safe.
 */
final class FaultDriver {

    static final int MAX_JITTER_MILLIS = 15;

    /** One kind of fault. */
    @FunctionalInterface
    interface Fault {
        /**
         * Injects the fault once and returns a label for the tally (e.g. "RST"); returns when the fault is complete
         * (a cut made, a broker restarted).
         */
        String inject(Random random) throws Exception;
    }

    /** Cuts every connection of {@code proxy}, RST or FIN at random. */
    static Fault cutAll(FaultProxy proxy) {
        return random -> {
            CutMode mode = random.nextBoolean() ? CutMode.RESET : CutMode.FIN;
            proxy.cutAll(mode);
            return mode == CutMode.RESET ? "RST" : "FIN";
        };
    }

    /** What the driver did. Immutable. */
    record Result(int faults, Map<String, Integer> tally, Duration elapsed) {

        /** The tally as "RST 48 / FIN 52". */
        String tallyText() {
            return String.join(
                    " / ",
                    tally.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList());
        }
    }

    private final Ledger ledger;
    private final IdSource ids;
    private final RecoveryClock clock;
    private final List<FaultClient> clients;
    private final long[] thresholds;
    private final Random random;

    FaultDriver(Ledger ledger, IdSource ids, RecoveryClock clock, List<FaultClient> clients, int faults, long seed) {
        this.ledger = ledger;
        this.ids = ids;
        this.clock = clock;
        this.clients = List.copyOf(clients);
        this.random = new Random(seed);
        long total = ids.total();
        this.thresholds = new long[faults];
        for (int i = 0; i < faults; i++) {
            thresholds[i] = (long) (total * (0.01 + 0.89 * random.nextDouble()));
        }
        Arrays.sort(thresholds);
        ids.allow(allowanceAfter(-1));
    }

    /**
     * How many new ids the publisher may take once fault {@code fault} starts ({@code -1}: before the first): half an
     * interval past the next threshold; during the last fault, three quarters of the last interval (the rest is
     * allowed once it is over).
     */
    private long allowanceAfter(int fault) {
        int next = fault + 1;
        if (next >= thresholds.length) {
            long last = thresholds[thresholds.length - 1];
            return last + Math.max(1, (ids.total() - last) * 3 / 4);
        }
        long following = next + 1 < thresholds.length ? thresholds[next + 1] : ids.total();
        return thresholds[next] + Math.max(1, (following - thresholds[next]) / 2);
    }

    /**
     * Injects every fault; each waits at most {@code boundPerFault} for its threshold and for the clients to reopen.
     */
    Result run(Fault fault, Duration boundPerFault) throws Exception {
        long start = System.nanoTime();
        long[] opensAtFault = new long[clients.size()];
        Map<String, Integer> tally = new TreeMap<>();
        for (int k = 0; k < thresholds.length; k++) {
            long threshold = thresholds[k];
            int previous = k - 1;
            Waits.until(
                    "fault " + k + " (at " + threshold + " confirmed, every client reopened)",
                    () -> ledger.confirmedCount() >= threshold && allReopened(opensAtFault),
                    boundPerFault,
                    () -> "confirmed " + ledger.confirmedCount() + ", opens " + opens() + " vs "
                            + Arrays.toString(opensAtFault) + " at fault " + previous);
            Thread.sleep(random.nextInt(MAX_JITTER_MILLIS + 1));
            for (int c = 0; c < clients.size(); c++) {
                opensAtFault[c] = clients.get(c).opens();
            }
            ids.allow(allowanceAfter(k));
            String label = fault.inject(random);
            clock.fault();
            tally.merge(label, 1, Integer::sum);
        }
        ids.allow(ids.total());
        return new Result(thresholds.length, tally, Duration.ofNanos(System.nanoTime() - start));
    }

    private boolean allReopened(long[] opensAtFault) {
        for (int c = 0; c < clients.size(); c++) {
            if (clients.get(c).opens() <= opensAtFault[c]) {
                return false;
            }
        }
        return true;
    }

    private String opens() {
        return clients.stream().map(c -> Long.toString(c.opens())).toList().toString();
    }
}
