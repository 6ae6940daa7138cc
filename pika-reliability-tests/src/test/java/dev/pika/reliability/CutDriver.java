package dev.pika.reliability;

import dev.pika.testing.proxy.CutMode;
import dev.pika.testing.proxy.FaultProxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Injects connection cuts at random points of a publish/consume run: cut {@code k} falls once {@code threshold[k]}
 * distinct messages are confirmed (thresholds drawn at random over the run) and every client has reopened since the
 * previous cut, after a random pause of up to {@link #MAX_JITTER_MILLIS} ms; each cut resets (RST) or closes (FIN) every
 * proxied connection, at random. The publisher's {@link IdSource} allowance is raised one cut ahead, so the publisher
 * cannot finish before the cuts are done.
 *
 * <p>Threading: {@link #run} runs on the test's thread; the clients it watches are thread-safe.
 */
final class CutDriver {

    static final int MAX_JITTER_MILLIS = 15;

    /** What the driver did. Immutable. */
    record Result(int cuts, int resets, int fins, int connectionsCut, Duration elapsed) {}

    private final FaultProxy proxy;
    private final Ledger ledger;
    private final IdSource ids;
    private final RecoveryClock clock;
    private final List<FaultClient> clients;
    private final long[] thresholds;
    private final Random random;

    CutDriver(
            FaultProxy proxy,
            Ledger ledger,
            IdSource ids,
            RecoveryClock clock,
            List<FaultClient> clients,
            int cuts,
            long seed) {
        this.proxy = proxy;
        this.ledger = ledger;
        this.ids = ids;
        this.clock = clock;
        this.clients = List.copyOf(clients);
        this.random = new Random(seed);
        long total = ids.total();
        this.thresholds = new long[cuts];
        for (int i = 0; i < cuts; i++) {
            thresholds[i] = (long) (total * (0.01 + 0.94 * random.nextDouble()));
        }
        Arrays.sort(thresholds);
        ids.allow(allowanceAfter(-1));
    }

    private long allowanceAfter(int cut) {
        int next = cut + 2;
        return next < thresholds.length ? thresholds[next] + 1 : ids.total();
    }

    /** Runs every cut; each waits at most {@code boundPerCut} for its threshold and for the clients to reopen. */
    Result run(Duration boundPerCut) throws InterruptedException {
        long start = System.nanoTime();
        long[] opensAtCut = new long[clients.size()];
        int resets = 0;
        int fins = 0;
        int connectionsCut = 0;
        for (int k = 0; k < thresholds.length; k++) {
            long threshold = thresholds[k];
            int cut = k;
            Waits.until(
                    "cut " + k + " (at " + threshold + " confirmed, every client reopened)",
                    () -> ledger.confirmedCount() >= threshold && allReopened(opensAtCut),
                    boundPerCut,
                    () -> "confirmed " + ledger.confirmedCount() + ", opens " + opens() + " vs "
                            + Arrays.toString(opensAtCut) + " at cut " + (cut - 1));
            Thread.sleep(random.nextInt(MAX_JITTER_MILLIS + 1));
            for (int c = 0; c < clients.size(); c++) {
                opensAtCut[c] = clients.get(c).opens();
            }
            CutMode mode = random.nextBoolean() ? CutMode.RESET : CutMode.FIN;
            connectionsCut += proxy.openConnections().size();
            clock.fault();
            proxy.cutAll(mode);
            if (mode == CutMode.RESET) {
                resets++;
            } else {
                fins++;
            }
            ids.allow(allowanceAfter(k));
        }
        ids.allow(ids.total());
        return new Result(thresholds.length, resets, fins, connectionsCut, Duration.ofNanos(System.nanoTime() - start));
    }

    private boolean allReopened(long[] opensAtCut) {
        for (int c = 0; c < clients.size(); c++) {
            if (clients.get(c).opens() <= opensAtCut[c]) {
                return false;
            }
        }
        return true;
    }

    private String opens() {
        return clients.stream().map(c -> Long.toString(c.opens())).toList().toString();
    }
}
