package dev.pika.benchmarks.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The comparison runner's settings: which scenarios and clients, how many repetitions, durations, the broker, where
 * results go, and how the forked JVMs are started.
 *
 * <p>Immutable; built with {@link #builder()}.
 */
public final class CompareOptions {

    /** Repetitions per scenario and client when {@code --repetitions} is not given. */
    public static final int DEFAULT_REPETITIONS = 3;

    /** Warm-up of every run when {@code --warmup} is not given. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(1);

    /** Time a run may take beyond its expected length before it is killed. */
    public static final Duration DEFAULT_RUN_TIMEOUT_SLACK = Duration.ofSeconds(60);

    /** JVM options of the forked runs when {@code --jvm-args} is not given. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xms256m", "-Xmx1g");

    /** What the command asks for. */
    public enum Action {
        /** Run the matrix. */
        RUN,
        /** Print the planned runs and the estimated time, run nothing. */
        DRY_RUN,
        /** List the scenarios. */
        LIST,
        /** Print the usage text. */
        HELP
    }

    private final Action action;
    private final List<String> scenarios;
    private final List<String> clients;
    private final int repetitions;
    private final Duration duration;
    private final Duration warmup;
    private final String uri;
    private final Path outputDirectory;
    private final Path markdownFile;
    private final List<String> jvmArgs;
    private final Path javaExecutable;
    private final Duration runTimeoutSlack;

    private CompareOptions(Builder builder) {
        this.action = builder.action;
        this.scenarios = List.copyOf(builder.scenarios);
        this.clients = List.copyOf(builder.clients);
        this.repetitions = builder.repetitions;
        this.duration = builder.duration;
        this.warmup = builder.warmup;
        this.uri = builder.uri;
        this.outputDirectory = builder.outputDirectory;
        this.markdownFile = builder.markdownFile;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.javaExecutable = builder.javaExecutable;
        this.runTimeoutSlack = builder.runTimeoutSlack;
    }

    /**
     * Starts from the defaults: every scenario, every available client, {@value #DEFAULT_REPETITIONS} repetitions,
     * the scenarios' own durations, a one-second warm-up.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return what the command asks for */
    public Action action() {
        return action;
    }

    /** @return scenario names or {@code prefix*} patterns; empty for all */
    public List<String> scenarios() {
        return scenarios;
    }

    /** @return client names in run order; empty for every available client */
    public List<String> clients() {
        return clients;
    }

    /** @return runs per scenario and client */
    public int repetitions() {
        return repetitions;
    }

    /** @return the measured duration of every run, or empty for each scenario's own */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** @return the warm-up of every run */
    public Duration warmup() {
        return warmup;
    }

    /** @return the broker URI */
    public String uri() {
        return uri;
    }

    /** @return where run logs, result files and the Markdown table go, or empty for a timestamped default */
    public Optional<Path> outputDirectory() {
        return Optional.ofNullable(outputDirectory);
    }

    /** @return an extra copy of the Markdown table, e.g. for BENCHMARKS.md, if asked for */
    public Optional<Path> markdownFile() {
        return Optional.ofNullable(markdownFile);
    }

    /** @return the forked JVMs' options */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** @return the {@code java} to fork, or empty for the running JVM's */
    public Optional<Path> javaExecutable() {
        return Optional.ofNullable(javaExecutable);
    }

    /** @return how long a run may exceed its expected length before it is killed */
    public Duration runTimeoutSlack() {
        return runTimeoutSlack;
    }

    /**
     * Builds {@link CompareOptions}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private Action action = Action.RUN;
        private List<String> scenarios = List.of();
        private List<String> clients = List.of();
        private int repetitions = DEFAULT_REPETITIONS;
        private Duration duration;
        private Duration warmup = DEFAULT_WARMUP;
        private String uri = PerfTestOptions.DEFAULT_URI;
        private Path outputDirectory;
        private Path markdownFile;
        private List<String> jvmArgs = DEFAULT_JVM_ARGS;
        private Path javaExecutable;
        private Duration runTimeoutSlack = DEFAULT_RUN_TIMEOUT_SLACK;

        private Builder() {}

        /** @param action what to do @return this builder */
        public Builder action(Action action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /** @param scenarios names or {@code prefix*} patterns; empty for all @return this builder */
        public Builder scenarios(List<String> scenarios) {
            this.scenarios = List.copyOf(scenarios);
            return this;
        }

        /** @param clients client names; empty for every available one @return this builder */
        public Builder clients(List<String> clients) {
            this.clients = List.copyOf(clients);
            return this;
        }

        /** @param repetitions runs per scenario and client, at least 1 @return this builder */
        public Builder repetitions(int repetitions) {
            if (repetitions < 1) {
                throw new UsageException("--repetitions must be at least 1, got " + repetitions);
            }
            this.repetitions = repetitions;
            return this;
        }

        /** @param duration every run's measured duration, or {@code null} for the scenarios' own @return this */
        public Builder duration(Duration duration) {
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new UsageException("--duration must be positive, got " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** @param warmup every run's warm-up, zero or more @return this builder */
        public Builder warmup(Duration warmup) {
            if (warmup == null || warmup.isNegative()) {
                throw new UsageException("--warmup must be zero or more seconds, got " + warmup);
            }
            this.warmup = warmup;
            return this;
        }

        /** @param uri the broker URI @return this builder */
        public Builder uri(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new UsageException("--uri must not be empty");
            }
            this.uri = uri;
            return this;
        }

        /** @param outputDirectory where results go, or {@code null} for the default @return this builder */
        public Builder outputDirectory(Path outputDirectory) {
            this.outputDirectory = outputDirectory;
            return this;
        }

        /** @param markdownFile an extra copy of the Markdown table, or {@code null} @return this builder */
        public Builder markdownFile(Path markdownFile) {
            this.markdownFile = markdownFile;
            return this;
        }

        /** @param jvmArgs the forked JVMs' options @return this builder */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = List.copyOf(jvmArgs);
            return this;
        }

        /** @param javaExecutable the {@code java} to fork, or {@code null} for this JVM's @return this builder */
        public Builder javaExecutable(Path javaExecutable) {
            this.javaExecutable = javaExecutable;
            return this;
        }

        /** @param runTimeoutSlack how long a run may overrun, positive @return this builder */
        public Builder runTimeoutSlack(Duration runTimeoutSlack) {
            if (runTimeoutSlack == null || runTimeoutSlack.isZero() || runTimeoutSlack.isNegative()) {
                throw new UsageException("--run-timeout must be positive, got " + runTimeoutSlack);
            }
            this.runTimeoutSlack = runTimeoutSlack;
            return this;
        }

        /** @return the options */
        public CompareOptions build() {
            return new CompareOptions(this);
        }
    }
}
