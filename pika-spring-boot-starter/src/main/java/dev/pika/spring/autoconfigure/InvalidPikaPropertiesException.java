package dev.pika.spring.autoconfigure;

import java.util.List;
import java.util.Objects;

/**
 * The {@code pika.*} configuration (or a {@code PikaConnectionDetails} bean) is invalid: thrown at
 * start-up, before any connection is attempted, with every problem found. Each {@link Violation}
 * names the property, the rejected value (secrets masked), what is wrong and how to fix it; the
 * starter's failure analyzer prints them as Spring Boot's start-up failure report.
 *
 * <p>Unchecked. Immutable and thread-safe.
 */
public class InvalidPikaPropertiesException extends IllegalStateException {

    private final transient List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param violations the problems, at least one
     */
    public InvalidPikaPropertiesException(List<Violation> violations) {
        this(violations, null);
    }

    /**
     * Creates the exception for problems found by another check.
     *
     * @param violations the problems, at least one
     * @param cause the exception that revealed them, or null
     */
    public InvalidPikaPropertiesException(List<Violation> violations, Throwable cause) {
        super(message(violations), cause);
        this.violations = List.copyOf(violations);
    }

    /**
     * One problem.
     *
     * @param violation the problem
     * @return the exception
     */
    public static InvalidPikaPropertiesException of(Violation violation) {
        return new InvalidPikaPropertiesException(List.of(violation));
    }

    /** The problems, in the order found; never empty. */
    public List<Violation> getViolations() {
        return violations;
    }

    private static String message(List<Violation> violations) {
        if (violations == null || violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        StringBuilder message = new StringBuilder("Invalid pika configuration:");
        for (Violation violation : violations) {
            message.append("\n - ").append(violation.describe()).append(' ').append(violation.action());
        }
        return message.toString();
    }

    /**
     * One invalid property. Immutable and thread-safe.
     *
     * @param property the property, e.g. {@code pika.frame-max}, or the source of the value
     * @param value the rejected value as configured, secrets masked; null when unset
     * @param problem what is wrong, one sentence
     * @param action how to fix it, one sentence
     */
    public record Violation(String property, String value, String problem, String action) {

        /** Checks that property, problem and action are present. */
        public Violation {
            Objects.requireNonNull(property, "property must not be null");
            Objects.requireNonNull(problem, "problem must not be null");
            Objects.requireNonNull(action, "action must not be null");
        }

        /** The property, its value and the problem, e.g. {@code pika.frame-max = 100: must be ...}. */
        public String describe() {
            return property + (value == null ? "" : " = " + value) + ": " + problem;
        }
    }
}
