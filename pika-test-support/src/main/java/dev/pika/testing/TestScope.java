package dev.pika.testing;

import dev.pika.testing.broker.BrokerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The names one test (or one test class, for {@code @BeforeAll} use) created, and their clean-up: the
 * JUnit store closes the scope when the test ends, which deletes every registered name as a queue and as
 * an exchange.
 *
 * <p>Thread-safe: a test may create names from several threads.
 */
final class TestScope implements AutoCloseable {

    /** Every generated name starts with this, so leftovers on a shared broker are easy to find. */
    static final String PREFIX = "pika-it";

    private static final int MAX_PART_LENGTH = 60;

    private final String prefix;
    private final ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();

    /**
     * @param testClass the test class's simple name
     * @param testMethod the test method's name, or {@code null} for a class scope
     */
    TestScope(String testClass, String testMethod) {
        Objects.requireNonNull(testClass, "testClass must not be null");
        this.prefix = PREFIX + "." + sanitize(testClass) + (testMethod == null ? "" : "." + sanitize(testMethod));
    }

    /** A unique name {@code pika-it.<Class>.<method>.<hint>.<random>}, registered for clean-up. */
    String name(String hint) {
        Objects.requireNonNull(hint, "hint must not be null; pass a short word such as \"orders\"");
        if (hint.isBlank()) {
            throw new IllegalArgumentException("hint must not be blank; pass a short word such as \"orders\"");
        }
        String name = prefix + "." + sanitize(hint) + "."
                + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
        names.add(name);
        return name;
    }

    /** The names registered so far, in order. */
    List<String> names() {
        return new ArrayList<>(names);
    }

    /** Replaces characters outside {@code [A-Za-z0-9_.-]} with {@code -} and shortens long parts. */
    static String sanitize(String part) {
        StringBuilder out = new StringBuilder(Math.min(part.length(), MAX_PART_LENGTH));
        for (int i = 0; i < part.length() && out.length() < MAX_PART_LENGTH; i++) {
            char c = part.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            out.append(plain ? c : '-');
        }
        return out.toString();
    }

    /** Deletes the registered queues and exchanges; reports (never throws) when the broker is unreachable. */
    @Override
    public void close() {
        List<String> toDelete = names();
        names.clear();
        if (toDelete.isEmpty()) {
            return;
        }
        String problem = BrokerRegistry.admin().deleteQueuesAndExchanges(toDelete);
        if (problem != null) {
            System.err.println("[pika-test] clean-up skipped: " + problem);
        }
    }
}
