package dev.pika.benchmarks.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses and writes PerfTest command lines. The flags are RabbitMQ PerfTest's (same letters, same long names, same
 * meaning) plus {@code --client} and this tool's extras; {@link #format(PerfTestOptions)} writes options back as the
 * shortest command line that parses to them (the comparison runner starts its runs that way).
 *
 * <p>Stateless and thread-safe.
 */
public final class PerfTestArguments {

    private PerfTestArguments() {}

    /**
     * Parses a command line.
     *
     * @param arguments the arguments, as given to {@code main}
     * @return the options
     * @throws UsageException for an unknown flag, a bad value or flags that do not fit together
     */
    public static PerfTestOptions parse(String... arguments) {
        return parse(Arrays.asList(arguments));
    }

    /**
     * Parses a command line.
     *
     * @param arguments the arguments
     * @return the options
     * @throws UsageException for an unknown flag, a bad value or flags that do not fit together
     */
    public static PerfTestOptions parse(List<String> arguments) {
        PerfTestOptions.Builder builder = PerfTestOptions.builder();
        ArgumentCursor cursor = new ArgumentCursor(arguments);
        while (cursor.hasNext()) {
            String flag = cursor.nextFlag();
            switch (flag) {
                case "-x", "--producers" -> builder.producers(cursor.integer(0, 100_000));
                case "-y", "--consumers" -> builder.consumers(cursor.integer(0, 100_000));
                case "-s", "--size" -> builder.bodySize(cursor.integer(0, PerfTestOptions.MAX_BODY_SIZE));
                case "-a", "--autoack" -> {
                    cursor.expectNoValue();
                    builder.autoAck(true);
                }
                case "-q", "--qos" -> builder.prefetch(cursor.integer(0, 65_535));
                case "-c", "--confirm" -> builder.confirmWindow(cursor.integer(-1, Integer.MAX_VALUE));
                case "-A", "--multi-ack-every" -> builder.multiAckEvery(cursor.integer(0, Integer.MAX_VALUE));
                case "-u", "--queue" -> builder.queue(cursor.string());
                case "-z", "--time" -> builder.timeLimit(cursor.seconds());
                case "-C", "--pmessages" -> builder.producerMessageCount(cursor.longInteger(0));
                case "-D", "--cmessages" -> builder.consumerMessageCount(cursor.longInteger(0));
                case "-r", "--rate" -> builder.rate(cursor.decimal(-1.0));
                case "-f", "--flag" -> flag(builder, cursor);
                case "-h", "--uri" -> builder.uri(cursor.string());
                case "-d", "--id" -> builder.id(cursor.string());
                case "--client" -> builder.client(cursor.string());
                case "--ack-threads" -> builder.ackThreads(cursor.integer(0, 1_000));
                case "--prefill" -> builder.prefill(cursor.longInteger(0));
                case "--max-backlog" -> builder.maxBacklog(cursor.longInteger(0));
                case "--warmup" -> builder.warmup(cursor.seconds());
                case "--delete-queue" -> {
                    cursor.expectNoValue();
                    builder.deleteQueue(true);
                }
                case "--result-file" -> builder.resultFile(Path.of(cursor.string()));
                case "--quiet" -> {
                    cursor.expectNoValue();
                    builder.quiet(true);
                }
                case "--list-clients" -> {
                    cursor.expectNoValue();
                    builder.action(PerfTestOptions.Action.LIST_CLIENTS);
                }
                case "-?", "--help" -> {
                    cursor.expectNoValue();
                    builder.action(PerfTestOptions.Action.HELP);
                }
                default -> throw new UsageException("unknown flag " + flag + "; see --help");
            }
        }
        return builder.build();
    }

    private static void flag(PerfTestOptions.Builder builder, ArgumentCursor cursor) {
        String value = cursor.string();
        switch (value) {
            case "persistent" -> builder.persistent(true);
            case "mandatory" -> builder.mandatory(true);
            default ->
                throw new UsageException(cursor.flag() + " takes 'persistent' or 'mandatory' (repeat the flag "
                        + "for both), got '" + value + "'");
        }
    }

    /**
     * Writes options as a command line: every setting that differs from the default, in a fixed order.
     *
     * @param options the options
     * @return arguments that {@link #parse(List)} turns back into equal options
     */
    public static List<String> format(PerfTestOptions options) {
        PerfTestOptions defaults = PerfTestOptions.builder().build();
        List<String> out = new ArrayList<>();
        switch (options.action()) {
            case HELP -> out.add("--help");
            case LIST_CLIENTS -> out.add("--list-clients");
            case RUN -> {}
        }
        if (!options.client().equals(defaults.client())) {
            add(out, "--client", options.client());
        }
        if (!options.uri().equals(defaults.uri())) {
            add(out, "--uri", options.uri());
        }
        options.id().ifPresent(id -> add(out, "--id", id));
        if (options.producers() != defaults.producers()) {
            add(out, "-x", options.producers());
        }
        if (options.consumers() != defaults.consumers()) {
            add(out, "-y", options.consumers());
        }
        if (options.bodySize() != defaults.bodySize()) {
            add(out, "-s", options.bodySize());
        }
        if (options.autoAck()) {
            out.add("-a");
        }
        if (options.prefetch() != 0) {
            add(out, "-q", options.prefetch());
        }
        if (options.confirmWindow() != 0) {
            add(out, "-c", options.confirmWindow());
        }
        if (options.multiAckEvery() != 0) {
            add(out, "-A", options.multiAckEvery());
        }
        options.queue().ifPresent(queue -> add(out, "-u", queue));
        if (!options.timeLimit().isZero()) {
            add(out, "-z", ArgumentCursor.formatSeconds(options.timeLimit()));
        }
        if (options.producerMessageCount() != 0) {
            add(out, "-C", options.producerMessageCount());
        }
        if (options.consumerMessageCount() != 0) {
            add(out, "-D", options.consumerMessageCount());
        }
        if (options.rate() != 0) {
            add(out, "-r", formatNumber(options.rate()));
        }
        if (options.persistent()) {
            add(out, "-f", "persistent");
        }
        if (options.mandatory()) {
            add(out, "-f", "mandatory");
        }
        if (options.ackThreads() != 0) {
            add(out, "--ack-threads", options.ackThreads());
        }
        if (options.prefill() != 0) {
            add(out, "--prefill", options.prefill());
        }
        if (options.maxBacklog() != 0) {
            add(out, "--max-backlog", options.maxBacklog());
        }
        if (!options.warmup().isZero()) {
            add(out, "--warmup", ArgumentCursor.formatSeconds(options.warmup()));
        }
        if (options.deleteQueue() && options.queue().isPresent()) {
            out.add("--delete-queue");
        }
        options.resultFile().ifPresent(file -> add(out, "--result-file", file.toString()));
        if (options.quiet()) {
            out.add("--quiet");
        }
        return out;
    }

    private static void add(List<String> out, String flag, Object value) {
        out.add(flag);
        out.add(String.valueOf(value));
    }

    private static String formatNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * The usage text for {@code --help}.
     *
     * @return the text, lines separated by {@code \n}
     */
    public static String usage() {
        return """
                Usage: perf-test [options]   (dev.pika.benchmarks.PerfTest)

                RabbitMQ PerfTest's main flags, run with the client chosen by --client:
                  -x, --producers N         producers, each on its own connection (default 1)
                  -y, --consumers N         consumers, each on its own connection (default 1)
                  -s, --size BYTES          message body size, at least 12 (default 12)
                  -a, --autoack             consumers use auto-ack (no-ack)
                  -q, --qos N               prefetch per consumer, 0 for no limit (default 0)
                  -c, --confirm N           publisher confirms, at most N unconfirmed per producer (default off)
                  -A, --multi-ack-every N   ack with 'multiple' every N messages (default: one ack per message)
                  -u, --queue NAME          the queue (default: a generated name, deleted after the run)
                  -z, --time SECONDS        measured duration (decimals allowed; default: until the limits are met)
                  -C, --pmessages N         messages per producer (default: no limit)
                  -D, --cmessages N         messages per consumer (default: no limit)
                  -r, --rate N              messages per second per producer (default: as fast as possible)
                  -f, --flag persistent|mandatory   message flags; repeat for both
                  -h, --uri URI             the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
                  -d, --id ID               the run id shown on every line

                Client and extras:
                      --client NAME         amqp-client (default), amqp-client-netty, pika-select, pika-blocking,
                                            pika-listener; --list-clients says which are available
                      --ack-threads N       hand each delivery to one of N worker threads, which acks it
                      --prefill N           put N messages in the queue before starting (not measured)
                      --max-backlog N       producers pause while more than N messages are published and not yet
                                            received: saturation that does not grow the queue (long runs)
                      --warmup SECONDS      run this long before measuring (default 0)
                      --delete-queue        delete the -u queue after the run (a generated queue always is)
                      --result-file PATH    write the result as properties (used by compare)
                      --quiet               leave out the per-second lines
                      --list-clients        list the clients and exit
                  -?, --help                this text

                Every second: sent, confirmed, nacked, returned and received msg/s, and consumer latency
                (min/median/95th/99th, microseconds, from the publisher's nanoTime() stamped in the body).
                At the end: a summary with rates, latency, process CPU per million messages and bytes allocated
                per message.
                """;
    }
}
