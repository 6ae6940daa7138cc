package dev.pika.benchmarks.compare;

import dev.pika.benchmarks.cli.PerfTestOptions;
import java.util.Objects;

/**
 * One row group of the comparison: a PerfTest configuration every client runs, with a name, what it shows, and
 * what usually limits it.
 *
 * <p>Immutable.
 *
 * @param name the {@code --scenarios} name
 * @param description what it measures, one line
 * @param options the PerfTest settings (its time limit is the scenario's default duration; client, URI, queue and
 *     warm-up are set per run)
 * @param limitedBy what bounds the numbers on a machine like this one, for BENCHMARKS.md
 */
public record Scenario(String name, String description, PerfTestOptions options, String limitedBy) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException when a field is missing
     * @throws IllegalArgumentException when the name is blank or the scenario has no time limit
     */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(limitedBy, "limitedBy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a scenario needs a name");
        }
        if (options.timeLimit().isZero()) {
            throw new IllegalArgumentException("scenario " + name + " needs a time limit (-z) so every run ends");
        }
    }

    /**
     * Whether the name matches a {@code --scenarios} entry: the exact name, or a prefix ending in {@code *}.
     *
     * @param pattern the entry
     * @return true when it selects this scenario
     */
    public boolean matches(String pattern) {
        if (pattern.endsWith("*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return name.equals(pattern);
    }
}
