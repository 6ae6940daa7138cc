package dev.pika.spring.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PikaTemplate} publishes: {@code pika.publisher.*}.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param confirms whether to use publisher confirms: each send completes when the broker has the
 *     message (else when the frames are handed to the connection's outbound buffer)
 * @param mandatory whether to publish as mandatory: with confirms, an unroutable message fails its
 *     send with {@code UnroutableException}
 * @param confirmTimeout how long a send waits for the broker's confirm before its future fails with
 *     {@link ConfirmTimeoutException}
 * @param shutdownTimeout how long stopping the template waits for the sends in flight before failing
 *     them with {@link PublisherStoppedException}
 */
public record PublisherOptions(boolean confirms, boolean mandatory, Duration confirmTimeout, Duration shutdownTimeout) {

    /** Default of {@link #confirms()}: {@value}. */
    public static final boolean DEFAULT_CONFIRMS = true;

    /** Default of {@link #mandatory()}: {@value}. */
    public static final boolean DEFAULT_MANDATORY = false;

    /** Default of {@link #confirmTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    /** Default of {@link #shutdownTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the timeouts. */
    public PublisherOptions {
        Objects.requireNonNull(confirmTimeout, "confirmTimeout must not be null");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("confirmTimeout must be positive, but was " + confirmTimeout
                    + ": set pika.publisher.confirm-timeout to e.g. 30s");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative, but was " + shutdownTimeout
                    + ": set pika.publisher.shutdown-timeout to e.g. 10s, or 0 to fail the sends in flight at once");
        }
    }

    /**
     * The defaults.
     *
     * @return confirms on, not mandatory, 30 s confirm timeout, 10 s shutdown timeout
     */
    public static PublisherOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .confirms(confirms)
                .mandatory(mandatory)
                .confirmTimeout(confirmTimeout)
                .shutdownTimeout(shutdownTimeout);
    }

    /** Builds {@link PublisherOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean confirms = DEFAULT_CONFIRMS;
        private boolean mandatory = DEFAULT_MANDATORY;
        private Duration confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder() {}

        /**
         * Sets whether to use publisher confirms.
         *
         * @param confirms the value
         * @return this builder
         */
        public Builder confirms(boolean confirms) {
            this.confirms = confirms;
            return this;
        }

        /**
         * Sets whether to publish as mandatory.
         *
         * @param mandatory the value
         * @return this builder
         */
        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        /**
         * Sets the confirm timeout.
         *
         * @param confirmTimeout positive
         * @return this builder
         */
        public Builder confirmTimeout(Duration confirmTimeout) {
            this.confirmTimeout = confirmTimeout;
            return this;
        }

        /**
         * Sets the shutdown timeout.
         *
         * @param shutdownTimeout zero or positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException when a value is out of range
         */
        public PublisherOptions build() {
            return new PublisherOptions(confirms, mandatory, confirmTimeout, shutdownTimeout);
        }
    }
}
