package dev.pika.reliability;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client's own threads, by name: every thread pika-java starts is named {@code pika-...}. The resolver pool
 * ({@code pika-resolver-N}) is shared by every loop of the JVM and its idle threads exit after 10 s on their own, so
 * it is not counted as a connection's thread. Stateless.
 */
final class PikaThreads {

    private PikaThreads() {}

    /** Names of the live {@code pika-} threads that belong to connections (resolver pool excluded). */
    static Set<String> live() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && name.startsWith("pika-") && !name.startsWith("pika-resolver-")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Waits until no connection thread is alive but those in {@code before}; fails naming the ones left. */
    static void awaitNoneBut(Set<String> before, Duration timeout) {
        Waits.until(
                "no pika- thread left behind",
                () -> {
                    Set<String> now = live();
                    now.removeAll(before);
                    return now.isEmpty();
                },
                timeout,
                () -> {
                    Set<String> now = live();
                    now.removeAll(before);
                    return "still alive: " + now;
                });
    }
}
