package dev.pika.spring.core;

/**
 * Changes a converted message before it is sent: add headers, set a correlation id, an expiration, a
 * priority. Used by {@code PikaTemplate.convertAndSend(..., MessagePostProcessor)}.
 *
 * <p>Called on the sending thread; implementations used from several threads must be thread-safe.
 */
@FunctionalInterface
public interface MessagePostProcessor {

    /**
     * Returns the message to send.
     *
     * @param message the converted message
     * @return the message to send (the same or a new one), never null
     */
    Message postProcess(Message message);
}
