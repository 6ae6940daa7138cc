package dev.pika.adapters.select;

/**
 * Sizes of an {@link IoLoop}'s buffers.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link #defaults()} gives the defaults.
 *
 * @param readBufferSize the one direct buffer every plain transport of the loop reads into; a read that
 *     fills it is followed by another, up to {@link #MAX_READS_PER_EVENT} per readiness event
 * @param writeChunkSize the size of the pooled direct chunks outbound bytes are copied into
 * @param maxPooledChunks how many idle chunks the loop keeps for reuse (the rest are left to the garbage
 *     collector); 0 disables pooling
 */
public record IoLoopOptions(int readBufferSize, int writeChunkSize, int maxPooledChunks) {

    /** Default {@link #readBufferSize()}: 256 KiB. */
    public static final int DEFAULT_READ_BUFFER_SIZE = 256 * 1024;

    /** Default {@link #writeChunkSize()}: 64 KiB. */
    public static final int DEFAULT_WRITE_CHUNK_SIZE = 64 * 1024;

    /** Default {@link #maxPooledChunks()}: 64 (4 MiB of idle chunks at the default chunk size). */
    public static final int DEFAULT_MAX_POOLED_CHUNKS = 64;

    /** Reads per readiness event of one transport, so that one busy peer cannot starve the others. */
    public static final int MAX_READS_PER_EVENT = 4;

    private static final int MIN_BUFFER_SIZE = 4 * 1024;

    private static final IoLoopOptions DEFAULTS =
            new IoLoopOptions(DEFAULT_READ_BUFFER_SIZE, DEFAULT_WRITE_CHUNK_SIZE, DEFAULT_MAX_POOLED_CHUNKS);

    /**
     * Checks the values.
     *
     * @param readBufferSize bytes, at least 4096
     * @param writeChunkSize bytes, at least 4096
     * @param maxPooledChunks a count, 0 or more
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

        private Builder(IoLoopOptions from) {
            this.readBufferSize = from.readBufferSize;
            this.writeChunkSize = from.writeChunkSize;
            this.maxPooledChunks = from.maxPooledChunks;
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
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException when a value is out of range
         */
        public IoLoopOptions build() {
            return new IoLoopOptions(readBufferSize, writeChunkSize, maxPooledChunks);
        }
    }
}
