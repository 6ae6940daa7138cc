package dev.pika.io;

/**
 * A write would take a {@link StreamTransport}'s outbound buffer above its hard limit ({@link
 * StreamConnectRequest#writeBufferHardLimit()}): the peer or the network is not keeping up, and the transport
 * refuses to grow the buffer further. Nothing of the refused write was buffered. Wait for {@link
 * StreamProtocol#writeBufferDrained()} (or for {@link StreamTransport#isWritable()}) before writing again, or
 * raise the limit.
 *
 * <p>Immutable.
 */
public class WriteBufferFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Bytes already buffered when the write was refused. */
    private final long bufferedBytes;

    /** Bytes of the refused write. */
    private final long requestedBytes;

    /** The buffer's hard limit. */
    private final long hardLimit;

    /**
     * Creates the exception.
     *
     * @param bufferedBytes bytes already in the buffer
     * @param requestedBytes bytes the refused write carried
     * @param hardLimit the buffer's hard limit in bytes
     */
    public WriteBufferFullException(long bufferedBytes, long requestedBytes, long hardLimit) {
        super("a write of " + requestedBytes + " bytes would take the transport's write buffer (" + bufferedBytes
                + " bytes pending) above its hard limit of " + hardLimit
                + " bytes (StreamConnectRequest.writeBufferHardLimit): wait until the transport is writable"
                + " again, or raise the limit");
        this.bufferedBytes = bufferedBytes;
        this.requestedBytes = requestedBytes;
        this.hardLimit = hardLimit;
    }

    /**
     * Bytes that were already buffered.
     *
     * @return the buffer's size when the write was refused
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /**
     * Bytes of the refused write.
     *
     * @return the refused write's length
     */
    public long requestedBytes() {
        return requestedBytes;
    }

    /**
     * The hard limit.
     *
     * @return the limit in bytes
     */
    public long hardLimit() {
        return hardLimit;
    }
}
