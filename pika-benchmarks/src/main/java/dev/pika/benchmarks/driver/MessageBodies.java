package dev.pika.benchmarks.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The benchmark's message bodies: the publisher's {@link System#nanoTime()} in the first 8 bytes (big-endian; 0 for
 * messages that carry none, such as a pre-filled queue's), a sequence number in the next 4, zeros after. Producer and
 * consumer run in the same JVM, so the consumer's {@code nanoTime()} minus the stamp is the end-to-end latency.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageBodies {

    /** The smallest body: a timestamp and a sequence number (RabbitMQ PerfTest's minimum too). */
    public static final int MIN_SIZE = 12;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private MessageBodies() {}

    /**
     * Creates a body.
     *
     * @param size the body size; raised to {@link #MIN_SIZE} when smaller
     * @param timestampNanos the publisher's {@code nanoTime()}, or 0 for none
     * @param sequence the producer's sequence number
     * @return a new array the caller owns
     */
    public static byte[] create(int size, long timestampNanos, int sequence) {
        byte[] body = new byte[Math.max(MIN_SIZE, size)];
        LONG.set(body, 0, timestampNanos);
        INT.set(body, 8, sequence);
        return body;
    }

    /**
     * The publisher's timestamp.
     *
     * @param body a body made by {@link #create(int, long, int)}
     * @return the {@code nanoTime()} stamp, or 0 when the body carries none (or is too short to)
     */
    public static long timestampNanos(byte[] body) {
        if (body == null || body.length < MIN_SIZE) {
            return 0;
        }
        return (long) LONG.get(body, 0);
    }

    /**
     * The producer's sequence number.
     *
     * @param body a body made by {@link #create(int, long, int)}
     * @return the sequence number, or -1 when the body is too short
     */
    public static int sequence(byte[] body) {
        if (body == null || body.length < MIN_SIZE) {
            return -1;
        }
        return (int) INT.get(body, 8);
    }
}
