package dev.pika.adapters.select;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizes of an {@link IoLoop}'s buffers, and how long it spins before sleeping.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link #defaults()} gives the defaults.
 *
 * @param readBufferSize the one direct buffer every plain transport of the loop reads into; a read that
 *     fills it is followed by another, up to {@link #MAX_READS_PER_EVENT} per readiness event
 * @param writeChunkSize the size of the pooled direct chunks outbound bytes are copied into
 * @param maxPooledChunks how many idle chunks the loop keeps for reuse (the rest are left to the garbage
 *     collector); 0 disables pooling
 * @param spinBeforeSleep after a turn that handled I/O, how long the loop watches its callback queue before it
 *     blocks in the selector, so that an application thread that answers at once (a producer woken by a confirm
 *     handing in its next publish) needs no selector wakeup; spins that see nothing make the following turns skip
 *     spinning (an exponential back-off), so a loop whose I/O wakes nobody hardly spins. Zero disables spinning;
 *     at most {@link #MAX_SPIN_BEFORE_SLEEP}
 */
public record IoLoopOptions(int readBufferSize, int writeChunkSize, int maxPooledChunks, Duration spinBeforeSleep) {

    /** Default {@link #readBufferSize()}: 256 KiB. */
    public static final int DEFAULT_READ_BUFFER_SIZE = 256 * 1024;

    /** Default {@link #writeChunkSize()}: 64 KiB. */
    public static final int DEFAULT_WRITE_CHUNK_SIZE = 64 * 1024;

    /** Default {@link #maxPooledChunks()}: 64 (4 MiB of idle chunks at the default chunk size). */
    public static final int DEFAULT_MAX_POOLED_CHUNKS = 64;

    /**
     * Default {@link #spinBeforeSleep()}: 10 microseconds, about the time a parked thread takes to wake up on the
     * machines this was measured on (see BENCHMARKS.md, confirm-1).
     */
    public static final Duration DEFAULT_SPIN_BEFORE_SLEEP = Duration.ofNanos(10_000);

    /** The longest {@link #spinBeforeSleep()}: a loop must not burn a core waiting for others. */
    public static final Duration MAX_SPIN_BEFORE_SLEEP = Duration.ofMillis(1);

    /** Reads per readiness event of one transport, so that one busy peer cannot starve the others. */
    public static final int MAX_READS_PER_EVENT = 4;

    private static final int MIN_BUFFER_SIZE = 4 * 1024;

    private static final IoLoopOptions DEFAULTS = new IoLoopOptions(
            DEFAULT_READ_BUFFER_SIZE, DEFAULT_WRITE_CHUNK_SIZE, DEFAULT_MAX_POOLED_CHUNKS, DEFAULT_SPIN_BEFORE_SLEEP);

    /**
     * Checks the values.
     *
     * @param readBufferSize bytes, at least 4096
     * @param writeChunkSize bytes, at least 4096
     * @param maxPooledChunks a count, 0 or more
     * @param spinBeforeSleep zero (no spinning) up to {@link #MAX_SPIN_BEFORE_SLEEP}
     * @throws IllegalArgumentException when a value is out of range; the message names it
     */
    public IoLoopOptions {
        if (readBufferSize < MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "readBufferSize must be at least " + MIN_BUFFER_SIZE + " bytes, but was " + readBufferSize);
        }
        if (writeChunkSize < MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "writeChunkSize must be at least " + MIN_BUFFER_SIZE + " bytes, but was " + writeChunkSize);
        }
        if (maxPooledChunks < 0) {
            throw new IllegalArgumentException(
                    "maxPooledChunks must be 0 (no pooling) or positive, but was " + maxPooledChunks);
        }
        Objects.requireNonNull(spinBeforeSleep, "spinBeforeSleep must not be null (Duration.ZERO disables spinning)");
        if (spinBeforeSleep.isNegative() || spinBeforeSleep.compareTo(MAX_SPIN_BEFORE_SLEEP) > 0) {
            throw new IllegalArgumentException("spinBeforeSleep must be between zero (no spinning) and "
                    + MAX_SPIN_BEFORE_SLEEP + ", but was " + spinBeforeSleep);
        }
    }

    /**
     * The default options.
     *
     * @return options with every default
     */
    public static IoLoopOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * A builder starting from these options.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link IoLoopOptions}. Not thread-safe. */
    public static final class Builder {
        private int readBufferSize;
        private int writeChunkSize;
        private int maxPooledChunks;
        private Duration spinBeforeSleep;

        private Builder(IoLoopOptions from) {
            this.readBufferSize = from.readBufferSize;
            this.writeChunkSize = from.writeChunkSize;
            this.maxPooledChunks = from.maxPooledChunks;
            this.spinBeforeSleep = from.spinBeforeSleep;
        }

        /**
         * Sets the read buffer size.
         *
         * @param readBufferSize bytes, at least 4096
         * @return this builder
         */
        public Builder readBufferSize(int readBufferSize) {
            this.readBufferSize = readBufferSize;
            return this;
        }

        /**
         * Sets the outbound chunk size.
         *
         * @param writeChunkSize bytes, at least 4096
         * @return this builder
         */
        public Builder writeChunkSize(int writeChunkSize) {
            this.writeChunkSize = writeChunkSize;
            return this;
        }

        /**
         * Sets how many idle chunks are kept.
         *
         * @param maxPooledChunks a count, 0 or more
         * @return this builder
         */
        public Builder maxPooledChunks(int maxPooledChunks) {
            this.maxPooledChunks = maxPooledChunks;
            return this;
        }

        /**
         * Sets how long the loop spins before sleeping after a turn that handled I/O.
         *
         * @param spinBeforeSleep zero (no spinning) up to {@link IoLoopOptions#MAX_SPIN_BEFORE_SLEEP}
         * @return this builder
         */
        public Builder spinBeforeSleep(Duration spinBeforeSleep) {
            this.spinBeforeSleep = spinBeforeSleep;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException when a value is out of range
         */
        public IoLoopOptions build() {
            return new IoLoopOptions(readBufferSize, writeChunkSize, maxPooledChunks, spinBeforeSleep);
        }
    }
}
