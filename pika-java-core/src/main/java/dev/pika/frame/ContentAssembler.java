package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.exceptions.BodyTooLongException;
import dev.pika.exceptions.UnexpectedFrameException;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;

/**
 * Assembles the content of one channel's messages: a content-bearing method ({@code Basic.Deliver},
 * {@code Basic.Return}, {@code Basic.GetOk}), its content header, then body fragments until the announced size is
 * reached; then hands {@code (method, properties, body)} to its {@link ContentListener}. Pika's
 * {@code ContentFrameAssembler}.
 *
 * <p>The body array is allocated once, at its announced size, and only when that size is within the maximum body
 * size given by the caller; fragments are copied straight into it. Protocol violations are typed errors:
 *
 * <ul>
 *   <li>a method frame while content is pending, a header or body frame when none is expected, or a header of
 *       another class than its method's: {@link UnexpectedFrameException} (505);
 *   <li>body frames carrying more bytes than announced: {@link BodyTooLongException} (505);
 *   <li>a header announcing more than the maximum body size: {@link BodyTooLongException} (506), nothing
 *       allocated.
 * </ul>
 *
 * <p>Not thread-safe: one instance per channel, used on the connection's I/O thread.
 */
public final class ContentAssembler {

    /** The largest array the JVM reliably allocates. */
    public static final int MAX_BODY_SIZE_LIMIT = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY_BODY = new byte[0];

    private final int channel;
    private final long maxBodySize;
    private final ContentListener listener;

    private Method method;
    private BasicProperties properties;
    private byte[] body;
    private int received;

    /**
     * Receives assembled messages.
     *
     * <p>Called on the thread that feeds the assembler.
     */
    @FunctionalInterface
    public interface ContentListener {

        /**
         * A message is complete.
         *
         * @param method the content-bearing method that started it
         * @param properties its properties
         * @param body its body; the listener owns the array (an empty body may be a shared empty array)
         */
        void onContent(Method method, BasicProperties properties, byte[] body);
    }

    /**
     * Creates an assembler for one channel.
     *
     * @param channel the channel number, for error messages
     * @param maxBodySize the largest body accepted (the connection's {@code maxInboundMessageBodySize}), at most
     *     {@link #MAX_BODY_SIZE_LIMIT}
     * @param listener receives each assembled message
     * @throws IllegalArgumentException when {@code maxBodySize} is negative or above the limit
     */
    public ContentAssembler(int channel, long maxBodySize, ContentListener listener) {
        if (maxBodySize < 0 || maxBodySize > MAX_BODY_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxBodySize must be between 0 and " + MAX_BODY_SIZE_LIMIT
                    + " (the largest Java array), got " + maxBodySize);
        }
        if (listener == null) {
            throw new NullPointerException("listener must not be null");
        }
        this.channel = channel;
        this.maxBodySize = maxBodySize;
        this.listener = listener;
    }

    /**
     * Takes a method frame of this channel.
     *
     * @param method the method
     * @return {@code true} when the method carries content (it is held until the content is complete and then
     *     passed to the listener); {@code false} when it carries none (the caller handles it)
     * @throws UnexpectedFrameException when content of an earlier method is still pending
     */
    public boolean onMethod(Method method) {
        if (this.method != null) {
            throw UnexpectedFrameException.of(channel, "method " + method.name(), expectation());
        }
        if (!method.hasContent()) {
            return false;
        }
        this.method = method;
        return true;
    }

    /**
     * Takes a content header frame of this channel; completes the message when the body is empty.
     *
     * @param classId the header's class id
     * @param bodySize the announced body size
     * @param properties the decoded properties
     * @throws UnexpectedFrameException when no header is expected, or its class is not the method's
     * @throws BodyTooLongException when {@code bodySize} exceeds the maximum body size (506)
     */
    public void onHeader(int classId, long bodySize, BasicProperties properties) {
        if (method == null || body != null || this.properties != null) {
            throw UnexpectedFrameException.of(channel, "a content header", expectation());
        }
        if (classId != method.classId()) {
            throw UnexpectedFrameException.of(
                    channel, "a content header for class " + classId, "a content header for " + method.name());
        }
        if (bodySize < 0 || bodySize > maxBodySize) {
            throw BodyTooLongException.exceedsLimit(channel, bodySize, maxBodySize);
        }
        if (bodySize == 0) {
            complete(properties, EMPTY_BODY);
            return;
        }
        this.properties = properties;
        this.body = new byte[(int) bodySize];
        this.received = 0;
    }

    /**
     * Takes (part of) a content body frame of this channel; completes the message when all of it arrived.
     *
     * @param fragment the bytes, from position to limit; consumed
     * @throws UnexpectedFrameException when no body is expected
     * @throws BodyTooLongException when the bytes go past the announced size (505)
     */
    public void onBody(ByteBuffer fragment) {
        byte[] target = body;
        if (target == null) {
            throw UnexpectedFrameException.of(channel, "a content body", expectation());
        }
        int count = fragment.remaining();
        if (count > target.length - received) {
            throw BodyTooLongException.exceedsAnnounced(channel, (long) received + count, target.length);
        }
        fragment.get(target, received, count);
        received += count;
        if (received == target.length) {
            BasicProperties complete = properties;
            properties = null;
            body = null;
            complete(complete, target);
        }
    }

    /**
     * Whether a message is being assembled.
     *
     * @return {@code true} between a content-bearing method and the end of its body
     */
    public boolean isAssembling() {
        return method != null;
    }

    /** Drops a partly assembled message, e.g. when the channel closes. */
    public void reset() {
        method = null;
        properties = null;
        body = null;
        received = 0;
    }

    private void complete(BasicProperties messageProperties, byte[] messageBody) {
        Method messageMethod = method;
        method = null;
        received = 0;
        listener.onContent(messageMethod, messageProperties, messageBody);
    }

    private String expectation() {
        if (method == null) {
            return "a method frame";
        }
        if (body == null) {
            return "the content header for " + method.name();
        }
        return "the remaining " + (body.length - received) + " body bytes for " + method.name();
    }
}
