package dev.pika.benchmarks.driver.pikablocking;

import java.util.Locale;

/**
 * How the pika-blocking driver acks from the benchmark's worker threads ({@code --ack-threads}): a system property
 * ({@value #PROPERTY}) that the run's header reports.
 *
 * <p>Immutable.
 */
enum WorkerAckMode {

    /**
     * The default, Pika's documented pattern: the worker hands {@code () -> channel.basicAck(tag)} to the consuming
     * thread with {@code connection.addCallbackThreadsafe}, which runs it inside {@code startConsuming}; the ack then
     * goes to the connection's I/O thread.
     */
    CALLBACK("worker acks through addCallbackThreadsafe"),

    /**
     * pika-java's shortcut: {@code BlockingChannel.basicAck} is safe from any thread, so the worker calls it directly
     * and the ack goes straight to the I/O thread, one hand-off fewer.
     */
    DIRECT("worker acks with basicAck on the worker thread");

    /** The system property that selects the mode: {@code callback} (default) or {@code direct}. */
    static final String PROPERTY = "pika.benchmarks.blocking.workerAcks";

    private final String description;

    WorkerAckMode(String description) {
        this.description = description;
    }

    /**
     * What the mode does, for the run's header.
     *
     * @return a short description
     */
    String description() {
        return description;
    }

    /**
     * The mode {@code -Dpika.benchmarks.blocking.workerAcks} asks for.
     *
     * @return the mode; {@link #CALLBACK} when the property is not set
     * @throws IllegalArgumentException for another value
     */
    static WorkerAckMode configured() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * Reads a property value.
     *
     * @param value {@code callback}, {@code direct} (any case), or {@code null}/blank for the default
     * @return the mode
     * @throws IllegalArgumentException for another value, naming the property and its values
     */
    static WorkerAckMode parse(String value) {
        if (value == null || value.isBlank()) {
            return CALLBACK;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be 'callback' or 'direct', got '" + value + "'", e);
        }
    }
}
