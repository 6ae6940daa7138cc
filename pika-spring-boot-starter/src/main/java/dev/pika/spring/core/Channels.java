package dev.pika.spring.core;

import dev.pika.channel.Channel;
import dev.pika.spec.AmqpConstants;

/**
 * Closing the starter's channels. {@link Channel#close()} sends Pika's default reply code 0, which
 * RabbitMQ accepts but Qpid Broker-J never answers (the channel stays closing and the connection stalls),
 * so the starter closes with {@code 200 "Normal shutdown"}, the code AMQP defines for a normal close.
 *
 * <p>Stateless; called on the connection's I/O thread (the channel's rule).
 */
final class Channels {

    /** The reply text of a normal close: {@value}. */
    static final String NORMAL_SHUTDOWN = "Normal shutdown";

    private Channels() {}

    /**
     * Closes the channel with {@code 200} if it is open.
     *
     * @param channel the channel, or {@code null}
     */
    static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            channel.close(AmqpConstants.REPLY_SUCCESS, NORMAL_SHUTDOWN);
        }
    }
}
