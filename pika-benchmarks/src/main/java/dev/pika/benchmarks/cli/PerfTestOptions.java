package dev.pika.benchmarks.cli;

import dev.pika.benchmarks.driver.KnownClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One PerfTest run: RabbitMQ PerfTest's main settings (producers, consumers, size, acks, prefetch, confirms, queue,
 * limits, rate, flags) plus the client to run it with and this tool's extras (pre-fill, warm-up, ack threads, result
 * file).
 *
 * <p>Immutable; {@link #builder()} checks the combination in {@link Builder#build()}.
 */
public final class PerfTestOptions {

    /** The broker when {@code --uri} is not given. */
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    /** The client when {@code --client} is not given. */
    public static final String DEFAULT_CLIENT = KnownClient.BASELINE;

    /** PerfTest's default body size: the timestamp and sequence number the consumer reads. */
    public static final int DEFAULT_BODY_SIZE = 12;

    /** The largest body accepted (RabbitMQ's default {@code max_message_size} is 128 MiB). */
    public static final int MAX_BODY_SIZE = 128 * 1024 * 1024;

    /** What the command asks for. */
    public enum Action {
        /** Run the benchmark. */
        RUN,
        /** Print the usage text. */
        HELP,
        /** List the clients and whether each is available. */
        LIST_CLIENTS
    }

    private final Action action;
    private final String client;
    private final String uri;
    private final String id;
    private final int producers;
    private final int consumers;
    private final int bodySize;
    private final boolean autoAck;
    private final int prefetch;
    private final int confirmWindow;
    private final int multiAckEvery;
    private final String queue;
    private final Duration timeLimit;
    private final long producerMessageCount;
    private final long consumerMessageCount;
    private final double rate;
    private final boolean persistent;
    private final boolean mandatory;
    private final int ackThreads;
    private final long maxBacklog;
    private final long prefill;
    private final Duration warmup;
    private final boolean deleteQueue;
    private final Path resultFile;
    private final boolean quiet;

    private PerfTestOptions(Builder builder) {
        this.action = builder.action;
        this.client = builder.client;
        this.uri = builder.uri;
        this.id = builder.id;
        this.producers = builder.producers;
        this.consumers = builder.consumers;
        this.bodySize = builder.bodySize;
        this.autoAck = builder.autoAck;
        this.prefetch = builder.prefetch;
        this.confirmWindow = builder.confirmWindow;
        this.multiAckEvery = builder.multiAckEvery;
        this.queue = builder.queue;
        this.timeLimit = builder.timeLimit;
        this.producerMessageCount = builder.producerMessageCount;
        this.consumerMessageCount = builder.consumerMessageCount;
        this.rate = builder.rate;
        this.persistent = builder.persistent;
        this.mandatory = builder.mandatory;
        this.ackThreads = builder.ackThreads;
        this.maxBacklog = builder.maxBacklog;
        this.prefill = builder.prefill;
        this.warmup = builder.warmup;
        this.deleteQueue = builder.deleteQueue;
        this.resultFile = builder.resultFile;
        this.quiet = builder.quiet;
    }

    /**
     * Starts from PerfTest's defaults: one producer, one consumer, 12-byte bodies, manual per-message acks, no
     * prefetch limit, no confirms, no limits, the {@code amqp-client} client on {@link #DEFAULT_URI}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options.
     *
     * @return a builder to derive changed options from
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return what the command asks for */
    public Action action() {
        return action;
    }

    /** @return the {@code --client} name */
    public String client() {
        return client;
    }

    /** @return the broker URI */
    public String uri() {
        return uri;
    }

    /** @return the run id printed on every line, or empty for a generated one */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** @return producer count ({@code -x}), each on its own connection */
    public int producers() {
        return producers;
    }

    /** @return consumer count ({@code -y}), each on its own connection */
    public int consumers() {
        return consumers;
    }

    /** @return body size in bytes ({@code -s}) */
    public int bodySize() {
        return bodySize;
    }

    /** @return whether consumers use auto-ack ({@code -a}) */
    public boolean autoAck() {
        return autoAck;
    }

    /** @return per-consumer prefetch ({@code -q}); 0 for none */
    public int prefetch() {
        return prefetch;
    }

    /** @return the confirm window ({@code -c}); 0 when confirms are off */
    public int confirmWindow() {
        return confirmWindow;
    }

    /** @return ack with {@code multiple} every N messages ({@code -A}); 0 for one ack per message */
    public int multiAckEvery() {
        return multiAckEvery;
    }

    /** @return the queue ({@code -u}), or empty for a generated, deleted-after-the-run one */
    public Optional<String> queue() {
        return Optional.ofNullable(queue);
    }

    /** @return the measured duration ({@code -z}); zero for none */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** @return messages per producer ({@code -C}); 0 for no limit */
    public long producerMessageCount() {
        return producerMessageCount;
    }

    /** @return messages per consumer ({@code -D}); 0 for no limit */
    public long consumerMessageCount() {
        return consumerMessageCount;
    }

    /** @return messages per second per producer ({@code -r}); 0 for unlimited */
    public double rate() {
        return rate;
    }

    /** @return whether messages are persistent ({@code -f persistent}) */
    public boolean persistent() {
        return persistent;
    }

    /** @return whether messages are mandatory ({@code -f mandatory}) */
    public boolean mandatory() {
        return mandatory;
    }

    /** @return worker threads that ack, shared by the consumers ({@code --ack-threads}); 0 to ack on delivery */
    public int ackThreads() {
        return ackThreads;
    }

    /**
     * @return the most messages published and not yet received before producers pause ({@code --max-backlog}); 0 for
     *     no limit
     */
    public long maxBacklog() {
        return maxBacklog;
    }

    /** @return messages put in the queue before the run starts ({@code --prefill}), not measured */
    public long prefill() {
        return prefill;
    }

    /** @return time run but not measured before the measurement starts ({@code --warmup}) */
    public Duration warmup() {
        return warmup;
    }

    /** @return whether the queue is deleted after the run (always for a generated queue) */
    public boolean deleteQueue() {
        return deleteQueue || queue == null;
    }

    /** @return where to write the machine-readable result ({@code --result-file}), if anywhere */
    public Optional<Path> resultFile() {
        return Optional.ofNullable(resultFile);
    }

    /** @return whether the per-second lines are left out ({@code --quiet}) */
    public boolean quiet() {
        return quiet;
    }

    /**
     * Whether the run can end by itself (a time limit, message limits, or a pre-filled queue to drain).
     *
     * @return false when it runs until interrupted
     */
    public boolean isBounded() {
        boolean producersBounded = producers == 0 || producerMessageCount > 0;
        boolean consumersBounded = consumers == 0
                || consumerMessageCount > 0
                || (producerMessageCount > 0 && producers > 0)
                || (producers == 0 && prefill > 0);
        return !timeLimit.isZero() || (producersBounded && consumersBounded);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PerfTestOptions that
                && PerfTestArguments.format(this).equals(PerfTestArguments.format(that));
    }

    @Override
    public int hashCode() {
        return PerfTestArguments.format(this).hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", PerfTestArguments.format(this));
    }

    /**
     * Builds {@link PerfTestOptions}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private Action action = Action.RUN;
        private String client = DEFAULT_CLIENT;
        private String uri = DEFAULT_URI;
        private String id;
        private int producers = 1;
        private int consumers = 1;
        private int bodySize = DEFAULT_BODY_SIZE;
        private boolean autoAck;
        private int prefetch;
        private int confirmWindow;
        private int multiAckEvery;
        private String queue;
        private Duration timeLimit = Duration.ZERO;
        private long producerMessageCount;
        private long consumerMessageCount;
        private double rate;
        private boolean persistent;
        private boolean mandatory;
        private int ackThreads;
        private long maxBacklog;
        private long prefill;
        private Duration warmup = Duration.ZERO;
        private boolean deleteQueue;
        private Path resultFile;
        private boolean quiet;

        private Builder() {}

        private Builder(PerfTestOptions options) {
            action = options.action;
            client = options.client;
            uri = options.uri;
            id = options.id;
            producers = options.producers;
            consumers = options.consumers;
            bodySize = options.bodySize;
            autoAck = options.autoAck;
            prefetch = options.prefetch;
            confirmWindow = options.confirmWindow;
            multiAckEvery = options.multiAckEvery;
            queue = options.queue;
            timeLimit = options.timeLimit;
            producerMessageCount = options.producerMessageCount;
            consumerMessageCount = options.consumerMessageCount;
            rate = options.rate;
            persistent = options.persistent;
            mandatory = options.mandatory;
            ackThreads = options.ackThreads;
            maxBacklog = options.maxBacklog;
            prefill = options.prefill;
            warmup = options.warmup;
            deleteQueue = options.deleteQueue;
            resultFile = options.resultFile;
            quiet = options.quiet;
        }

        /** @param action what to do @return this builder */
        public Builder action(Action action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /** @param client the {@code --client} name @return this builder */
        public Builder client(String client) {
            this.client = requireText(client, "--client");
            return this;
        }

        /** @param uri the broker URI @return this builder */
        public Builder uri(String uri) {
            this.uri = requireText(uri, "--uri");
            return this;
        }

        /** @param id the run id, or {@code null} for a generated one @return this builder */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** @param producers producer count, 0 or more @return this builder */
        public Builder producers(int producers) {
            this.producers = atLeast(producers, 0, "-x (--producers)");
            return this;
        }

        /** @param consumers consumer count, 0 or more @return this builder */
        public Builder consumers(int consumers) {
            this.consumers = atLeast(consumers, 0, "-y (--consumers)");
            return this;
        }

        /** @param bodySize body size in bytes @return this builder */
        public Builder bodySize(int bodySize) {
            this.bodySize = atLeast(bodySize, 0, "-s (--size)");
            return this;
        }

        /** @param autoAck whether consumers auto-ack @return this builder */
        public Builder autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /** @param prefetch per-consumer prefetch, 0 for none @return this builder */
        public Builder prefetch(int prefetch) {
            this.prefetch = atLeast(prefetch, 0, "-q (--qos)");
            return this;
        }

        /** @param confirmWindow the confirm window; 0 or negative turns confirms off @return this builder */
        public Builder confirmWindow(int confirmWindow) {
            this.confirmWindow = Math.max(0, confirmWindow);
            return this;
        }

        /** @param multiAckEvery ack with {@code multiple} every N; 0 for per message @return this builder */
        public Builder multiAckEvery(int multiAckEvery) {
            this.multiAckEvery = atLeast(multiAckEvery, 0, "-A (--multi-ack-every)");
            return this;
        }

        /** @param queue the queue, or {@code null} for a generated one @return this builder */
        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /** @param timeLimit the measured duration; zero for none @return this builder */
        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = nonNegative(timeLimit, "-z (--time)");
            return this;
        }

        /** @param count messages per producer, 0 for no limit @return this builder */
        public Builder producerMessageCount(long count) {
            this.producerMessageCount = atLeast(count, 0, "-C (--pmessages)");
            return this;
        }

        /** @param count messages per consumer, 0 for no limit @return this builder */
        public Builder consumerMessageCount(long count) {
            this.consumerMessageCount = atLeast(count, 0, "-D (--cmessages)");
            return this;
        }

        /** @param rate messages per second per producer; 0 or negative for unlimited @return this builder */
        public Builder rate(double rate) {
            if (Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new UsageException("-r (--rate) must be a number, got " + rate);
            }
            this.rate = Math.max(0.0, rate);
            return this;
        }

        /** @param persistent whether messages are persistent @return this builder */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** @param mandatory whether messages are mandatory @return this builder */
        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        /**
         * @param maxBacklog the most messages published and not yet received before producers pause, 0 for no limit
         * @return this builder
         */
        public Builder maxBacklog(long maxBacklog) {
            this.maxBacklog = atLeast(maxBacklog, 0, "--max-backlog");
            return this;
        }

        /** @param ackThreads worker threads that ack, 0 to ack on delivery @return this builder */
        public Builder ackThreads(int ackThreads) {
            this.ackThreads = atLeast(ackThreads, 0, "--ack-threads");
            return this;
        }

        /** @param prefill messages to put in the queue first @return this builder */
        public Builder prefill(long prefill) {
            this.prefill = atLeast(prefill, 0, "--prefill");
            return this;
        }

        /** @param warmup unmeasured time before the measurement @return this builder */
        public Builder warmup(Duration warmup) {
            this.warmup = nonNegative(warmup, "--warmup");
            return this;
        }

        /** @param deleteQueue whether to delete a given queue after the run @return this builder */
        public Builder deleteQueue(boolean deleteQueue) {
            this.deleteQueue = deleteQueue;
            return this;
        }

        /** @param resultFile where to write the result, or {@code null} @return this builder */
        public Builder resultFile(Path resultFile) {
            this.resultFile = resultFile;
            return this;
        }

        /** @param quiet whether to leave out the per-second lines @return this builder */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /**
         * Checks the combination and builds.
         *
         * @return the options
         * @throws UsageException naming the flags that do not fit together and the fix
         */
        public PerfTestOptions build() {
            if (action == Action.RUN) {
                check();
            }
            return new PerfTestOptions(this);
        }

        private void check() {
            if (producers == 0 && consumers == 0) {
                throw new UsageException("nothing to run: -x (--producers) and -y (--consumers) are both 0");
            }
            if (bodySize > MAX_BODY_SIZE) {
                throw new UsageException("-s (--size) " + bodySize + " is above the broker's default limit of "
                        + MAX_BODY_SIZE + " bytes; use a smaller size");
            }
            if (autoAck && multiAckEvery > 0) {
                throw new UsageException("-A (--multi-ack-every) has no effect with -a (--autoack): remove one");
            }
            if (maxBacklog > 0 && (producers == 0 || consumers == 0)) {
                throw new UsageException("--max-backlog holds producers back until consumers catch up: it needs at"
                        + " least one producer (-x) and one consumer (-y)");
            }
            if (autoAck && ackThreads > 0) {
                throw new UsageException("--ack-threads has nothing to ack with -a (--autoack): remove one");
            }
            if (ackThreads > 0 && multiAckEvery > 1) {
                throw new UsageException("--ack-threads acks one message per ack ('multiple' from one worker would "
                        + "ack messages the others still hold): drop -A (--multi-ack-every) or --ack-threads");
            }
            if (prefetch > 65_535) {
                throw new UsageException("-q (--qos) must be at most 65535 (an AMQP short), got " + prefetch);
            }
            if (multiAckEvery > 1 && prefetch > 0 && multiAckEvery > prefetch) {
                throw new UsageException("-A (--multi-ack-every) " + multiAckEvery + " is above -q (--qos) " + prefetch
                        + ": the broker stops delivering before the first ack; use -A <= -q");
            }
            if (queue != null && queue.isBlank()) {
                throw new UsageException("-u (--queue) must not be blank; leave it out for a generated queue");
            }
        }

        private static String requireText(String value, String flag) {
            if (value == null || value.isBlank()) {
                throw new UsageException(flag + " must not be empty");
            }
            return value;
        }

        private static int atLeast(int value, int min, String flag) {
            if (value < min) {
                throw new UsageException(flag + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        private static long atLeast(long value, long min, String flag) {
            if (value < min) {
                throw new UsageException(flag + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String flag) {
            if (value == null || value.isNegative()) {
                throw new UsageException(flag + " must be zero or more seconds, got " + value);
            }
            return value;
        }
    }
}
