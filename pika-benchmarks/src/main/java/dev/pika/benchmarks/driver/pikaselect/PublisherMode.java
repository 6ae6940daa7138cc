package dev.pika.benchmarks.driver.pikaselect;

import java.util.Locale;

/**
 * How the pika-select driver publishes: where the publishing code runs decides how many thread hand-offs a message
 * costs, so the choice is a system property ({@value #PROPERTY}) that the run's header reports.
 *
 * <p>Immutable.
 */
enum PublisherMode {

    /**
     * The default: the benchmark's producer thread makes each message and hands it to the loop ({@link
     * PublishHandOff}), as an application that publishes from its own threads does.
     */
    HANDOFF("publishing from producer threads through addCallbackThreadsafe"),

    /**
     * The producer's loop runs on the connection's {@code IoLoop} ({@link LoopPublisher}), driven by the confirm
     * callback, {@code callLater} for the rate and the write-buffer-drained callback, as Pika's asynchronous publisher
     * example does; the producer thread only waits for it.
     */
    LOOP("publishing on the IoLoop from its callbacks");

    /** The system property that selects the mode: {@code handoff} (default) or {@code loop}. */
    static final String PROPERTY = "pika.benchmarks.select.publisher";

    private final String description;

    PublisherMode(String description) {
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
     * The mode {@code -Dpika.benchmarks.select.publisher} asks for.
     *
     * @return the mode; {@link #HANDOFF} when the property is not set
     * @throws IllegalArgumentException for another value
     */
    static PublisherMode configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return HANDOFF;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be 'handoff' or 'loop', got '" + value + "'", e);
        }
    }
}
