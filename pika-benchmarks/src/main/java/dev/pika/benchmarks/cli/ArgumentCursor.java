package dev.pika.benchmarks.cli;

import java.time.Duration;
import java.util.List;

/**
 * Walks a command line: flags in short ({@code -x 2}) or long form ({@code --producers 2}, {@code --producers=2}),
 * with typed value readers whose errors name the flag.
 *
 * <p>Not thread-safe; one per parse.
 */
final class ArgumentCursor {

    private final List<String> arguments;
    private int index;
    private String flag;
    private String inlineValue;

    ArgumentCursor(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    boolean hasNext() {
        return index < arguments.size();
    }

    /**
     * Moves to the next flag.
     *
     * @return the flag as written, without an {@code =value} part
     */
    String nextFlag() {
        String argument = arguments.get(index++);
        if (!argument.startsWith("-") || argument.equals("-") || argument.equals("--")) {
            throw new UsageException("unexpected argument '" + argument + "': every value follows its flag "
                    + "(e.g. -x 2 or --producers 2); see --help");
        }
        int equals = argument.indexOf('=');
        if (argument.startsWith("--") && equals > 0) {
            flag = argument.substring(0, equals);
            inlineValue = argument.substring(equals + 1);
        } else {
            flag = argument;
            inlineValue = null;
        }
        return flag;
    }

    String flag() {
        return flag;
    }

    void expectNoValue() {
        if (inlineValue != null) {
            throw new UsageException(flag + " takes no value, got '" + inlineValue + "'");
        }
    }

    String string() {
        if (inlineValue != null) {
            String value = inlineValue;
            inlineValue = null;
            return value;
        }
        if (index >= arguments.size()) {
            throw new UsageException(flag + " needs a value; see --help");
        }
        return arguments.get(index++);
    }

    int integer(int min, int max) {
        String value = string();
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    long longInteger(long min) {
        String value = string();
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min) {
                throw new UsageException(flag + " must be at least " + min + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    double decimal(double min) {
        String value = string();
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!(parsed >= min) || Double.isInfinite(parsed)) {
                throw new UsageException(flag + " must be a number of at least " + min + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, got '" + value + "'");
        }
    }

    Duration seconds() {
        double seconds = decimal(0.0);
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000.0));
    }

    static String formatSeconds(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return Long.toString(nanos / 1_000_000_000L);
        }
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
