package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.spec.Basic;

/**
 * The answer to {@link Channel#basicGet}: a message ({@code Basic.GetOk} with its properties and body), or the
 * broker's {@code Basic.GetEmpty} when the queue had nothing to give ({@link #isEmpty()}).
 *
 * <p>Immutable apart from the body array, which the receiver owns (the client does not keep or reuse it).
 *
 * @param method the {@code Basic.GetOk} (delivery tag, redelivered flag, exchange, routing key, message count), or
 *     {@code null} when the queue was empty
 * @param properties the message properties, or {@code null} when the queue was empty
 * @param body the message body, or {@code null} when the queue was empty
 */
public record GetResult(Basic.GetOk method, BasicProperties properties, byte[] body) {

    private static final GetResult EMPTY = new GetResult(null, null, null);

    /**
     * Checks that the three components are all set or all {@code null}.
     *
     * @param method the {@code Basic.GetOk}, or {@code null} for an empty queue
     * @param properties the message properties, or {@code null} for an empty queue
     * @param body the message body, or {@code null} for an empty queue
     * @throws IllegalArgumentException when only some are {@code null}
     */
    public GetResult {
        if ((method == null) != (properties == null) || (method == null) != (body == null)) {
            throw new IllegalArgumentException(
                    "method, properties and body must be all set (a message) or all null (an empty queue)");
        }
    }

    /**
     * The answer for an empty queue ({@code Basic.GetEmpty}).
     *
     * @return the shared empty result
     */
    public static GetResult empty() {
        return EMPTY;
    }

    /**
     * Whether the queue was empty.
     *
     * @return {@code true} for {@code Basic.GetEmpty}, {@code false} when a message came
     */
    public boolean isEmpty() {
        return method == null;
    }

    @Override
    public String toString() {
        return isEmpty()
                ? "GetResult[empty]"
                : "GetResult[method=" + method + ", properties=" + properties + ", body=" + body.length + " bytes]";
    }
}
