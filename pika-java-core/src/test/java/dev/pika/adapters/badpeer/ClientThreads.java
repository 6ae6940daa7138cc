package dev.pika.adapters.badpeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The client's threads ({@code pika-...}) seen from a test: which exist, which are new, what one allocated. */
final class ClientThreads {

    /**
     * The JVM-wide resolver pool ({@code pika-resolver-N}) keeps idle threads for 10 s by design; it belongs to no
     * connection, so the per-scenario check leaves it out and {@code MaliciousPeerIT} checks it once at the end.
     */
    static final String RESOLVER_PREFIX = "pika-resolver-";

    private ClientThreads() {}

    /** The live {@code pika-} threads. */
    static Set<Thread> pikaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("pika-"))
                .collect(Collectors.toSet());
    }

    /** A live thread named {@code prefix...} that is not in {@code before}, or {@code null}. */
    static Thread newThread(Set<Thread> before, String prefix) {
        return pikaThreads().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith(prefix))
                .findFirst()
                .orElse(null);
    }

    /** Waits (bounded) until no {@code pika-} thread other than those in {@code before} and the resolver pool lives. */
    static void awaitNoneLeftBehind(Set<Thread> before, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Set<String> left = leftBehind(before, false);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            left = leftBehind(before, false);
        }
        assertThat(left)
                .as("pika- threads left behind " + bound + " after close")
                .isEmpty();
    }

    /** The names of the new {@code pika-} threads, the resolver pool's included or not. */
    static Set<String> leftBehind(Set<Thread> before, boolean includeResolver) {
        return pikaThreads().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> includeResolver || !thread.getName().startsWith(RESOLVER_PREFIX))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** Bytes {@code thread} allocated on the heap so far (HotSpot's per-thread counter). */
    static long allocatedBytes(Thread thread) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = threads.getThreadAllocatedBytes(thread.getId());
        assertThat(bytes).as("thread allocation measurement is supported").isNotNegative();
        return bytes;
    }
}
