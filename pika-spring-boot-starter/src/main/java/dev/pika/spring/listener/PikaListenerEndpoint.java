package dev.pika.spring.listener;

import dev.pika.spring.listener.retry.MessageRecoverer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.retry.support.RetryTemplate;

/**
 * What one listener consumes and how: the queues, the {@link PikaMessageListener}, and the settings that
 * override the container factory's defaults ({@code pika.listener.*}). Every optional setting left unset
 * ({@link Optional#empty()}) takes the factory's default. {@code @PikaListener} methods become endpoints;
 * applications may build their own with {@link #builder(String)} and register them in the {@link
 * PikaListenerRegistry}.
 *
 * <p>Immutable and thread-safe (the listener, retry template and recoverer are shared, and must be
 * thread-safe themselves). Build with {@link #builder(String)}; the builder is not thread-safe.
 */
public final class PikaListenerEndpoint {

    private final String id;
    private final List<String> queues;
    private final PikaMessageListener listener;
    private final String description;
    private final Integer concurrency;
    private final Integer prefetch;
    private final AckMode ackMode;
    private final Boolean autoStartup;
    private final RetryTemplate retryTemplate;
    private final MessageRecoverer recoverer;

    private PikaListenerEndpoint(Builder builder) {
        this.id = builder.id;
        this.queues = List.copyOf(builder.queues);
        this.listener = Objects.requireNonNull(builder.listener, () -> "listener of endpoint '" + id + "' must be set");
        this.description = builder.description == null ? id : builder.description;
        this.concurrency = builder.concurrency;
        this.prefetch = builder.prefetch;
        this.ackMode = builder.ackMode;
        this.autoStartup = builder.autoStartup;
        this.retryTemplate = builder.retryTemplate;
        this.recoverer = builder.recoverer;
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + id + "' names no queue: give @PikaListener(queues = ...)"
                    + " or PikaListenerEndpoint.builder(id).queues(...)");
        }
        for (String queue : queues) {
            if (queue == null || queue.isBlank()) {
                throw new IllegalArgumentException("endpoint '" + id + "' has a blank queue name in " + queues);
            }
        }
        if (concurrency != null && concurrency < 1) {
            throw new IllegalArgumentException(
                    "concurrency of endpoint '" + id + "' must be at least 1, but was " + concurrency);
        }
        if (prefetch != null && prefetch < 0) {
            throw new IllegalArgumentException(
                    "prefetch of endpoint '" + id + "' must not be negative, but was " + prefetch);
        }
    }

    /**
     * Starts a builder.
     *
     * @param id the listener id, unique in the application (names threads, meters, logs)
     * @return a new builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the listener id */
    public String id() {
        return id;
    }

    /** @return the queues, at least one, unmodifiable */
    public List<String> queues() {
        return queues;
    }

    /** @return the listener the container calls on its workers */
    public PikaMessageListener listener() {
        return listener;
    }

    /** @return a human-readable description for logs (the annotated method, say); the id when unset */
    public String description() {
        return description;
    }

    /** @return worker threads, or empty for the factory's default */
    public Optional<Integer> concurrency() {
        return Optional.ofNullable(concurrency);
    }

    /** @return the basic.qos prefetch count, or empty for the factory's default */
    public Optional<Integer> prefetch() {
        return Optional.ofNullable(prefetch);
    }

    /** @return the ack mode, or empty for the factory's default */
    public Optional<AckMode> ackMode() {
        return Optional.ofNullable(ackMode);
    }

    /** @return whether to start with the context, or empty for the factory's default */
    public Optional<Boolean> autoStartup() {
        return Optional.ofNullable(autoStartup);
    }

    /** @return the retry policy of the listener method, or empty for the factory's default */
    public Optional<RetryTemplate> retryTemplate() {
        return Optional.ofNullable(retryTemplate);
    }

    /** @return what runs after the last failed attempt, or empty for the factory's default */
    public Optional<MessageRecoverer> recoverer() {
        return Optional.ofNullable(recoverer);
    }

    @Override
    public String toString() {
        return "PikaListenerEndpoint[id=" + id + ", queues=" + queues + ", description=" + description + "]";
    }

    /** Builds a {@link PikaListenerEndpoint}. Not thread-safe. */
    public static final class Builder {

        private final String id;
        private List<String> queues = List.of();
        private PikaMessageListener listener;
        private String description;
        private Integer concurrency;
        private Integer prefetch;
        private AckMode ackMode;
        private Boolean autoStartup;
        private RetryTemplate retryTemplate;
        private MessageRecoverer recoverer;

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a listener endpoint needs a non-blank id");
            }
            this.id = id;
        }

        /** @param queues the queues to consume from, at least one @return this builder */
        public Builder queues(List<String> queues) {
            this.queues = List.copyOf(Objects.requireNonNull(queues, "queues must not be null"));
            return this;
        }

        /** @param queues the queues to consume from, at least one @return this builder */
        public Builder queues(String... queues) {
            return queues(List.of(queues));
        }

        /** @param listener the listener @return this builder */
        public Builder listener(PikaMessageListener listener) {
            this.listener = listener;
            return this;
        }

        /** @param description for logs @return this builder */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @param concurrency worker threads, or {@code null} for the default @return this builder */
        public Builder concurrency(Integer concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** @param prefetch the prefetch count, or {@code null} for the default @return this builder */
        public Builder prefetch(Integer prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** @param ackMode the ack mode, or {@code null} for the default @return this builder */
        public Builder ackMode(AckMode ackMode) {
            this.ackMode = ackMode;
            return this;
        }

        /** @param autoStartup whether to start with the context, or {@code null} @return this builder */
        public Builder autoStartup(Boolean autoStartup) {
            this.autoStartup = autoStartup;
            return this;
        }

        /** @param retryTemplate the retry policy, or {@code null} for the default @return this builder */
        public Builder retryTemplate(RetryTemplate retryTemplate) {
            this.retryTemplate = retryTemplate;
            return this;
        }

        /** @param recoverer the recoverer, or {@code null} for the default @return this builder */
        public Builder recoverer(MessageRecoverer recoverer) {
            this.recoverer = recoverer;
            return this;
        }

        /**
         * Builds the endpoint.
         *
         * @return the endpoint
         * @throws IllegalArgumentException when no queue or no listener is set, or a number is out of range
         */
        public PikaListenerEndpoint build() {
            return new PikaListenerEndpoint(this);
        }
    }
}
