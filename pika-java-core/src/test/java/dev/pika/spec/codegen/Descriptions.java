package dev.pika.spec.codegen;

import java.util.Map;

/**
 * One-line descriptions of the AMQP classes and methods for the generated javadoc (the JSON definition has none).
 * Written for pika-java from the AMQP 0-9-1 specification's intent. Immutable.
 */
final class Descriptions {

    private static final Map<String, String> CLASSES = Map.of(
            "connection",
            "Work with socket connections: the handshake, tuning, closing, and RabbitMQ's blocked notifications and"
                    + " secret update.",
            "channel",
            "Work with channels: opening, flow control, closing.",
            "access",
            "Access tickets: deprecated since AMQP 0-9-1, kept for compatibility with AMQP 0-8 peers.",
            "exchange",
            "Work with exchanges: declare, delete, and RabbitMQ's exchange-to-exchange bindings.",
            "queue",
            "Work with queues: declare, bind, unbind, purge, delete.",
            "basic",
            "Work with messages: quality of service, consumers, publishing, deliveries, polling, acknowledgements.",
            "tx",
            "Standard transactions: publishes and acknowledgements committed or rolled back together.",
            "confirm",
            "RabbitMQ's publisher confirms: the broker acknowledges each publish with Basic.Ack or Basic.Nack.");

    private static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry(
                    "connection.start",
                    "The server's first method: its protocol version, properties, SASL mechanisms and locales."),
            Map.entry(
                    "connection.start-ok",
                    "The client's answer to Start: its properties, the chosen SASL mechanism, the response and the"
                            + " locale."),
            Map.entry("connection.secure", "A further SASL challenge from the server."),
            Map.entry("connection.secure-ok", "The client's response to a SASL challenge."),
            Map.entry("connection.tune", "The server's proposed limits: channel-max, frame-max and heartbeat."),
            Map.entry("connection.tune-ok", "The limits the client settles on."),
            Map.entry("connection.open", "Opens the connection to a virtual host."),
            Map.entry("connection.open-ok", "The server opened the connection."),
            Map.entry(
                    "connection.close",
                    "Requests a connection close: the reason and, for an error, the method that caused it."),
            Map.entry("connection.close-ok", "Confirms a connection close."),
            Map.entry(
                    "connection.blocked",
                    "RabbitMQ extension: the broker blocks publishing connections (a resource alarm)."),
            Map.entry("connection.unblocked", "RabbitMQ extension: the broker unblocks publishing connections."),
            Map.entry(
                    "connection.update-secret",
                    "RabbitMQ extension: replaces the connection's secret, e.g. an expiring OAuth 2 token."),
            Map.entry("connection.update-secret-ok", "RabbitMQ extension: the broker accepted the new secret."),
            Map.entry("channel.open", "Opens a channel."),
            Map.entry("channel.open-ok", "The channel is open."),
            Map.entry("channel.flow", "Asks the peer to pause (active false) or resume (active true) sending content."),
            Map.entry("channel.flow-ok", "Confirms a flow request."),
            Map.entry(
                    "channel.close",
                    "Requests a channel close: the reason and, for an error, the method that caused it."),
            Map.entry("channel.close-ok", "Confirms a channel close."),
            Map.entry("access.request", "Requests an access ticket (deprecated; RabbitMQ answers for compatibility)."),
            Map.entry("access.request-ok", "The access ticket granted."),
            Map.entry("exchange.declare", "Declares an exchange: creates it, or checks it exists when passive."),
            Map.entry("exchange.declare-ok", "The exchange is declared."),
            Map.entry("exchange.delete", "Deletes an exchange."),
            Map.entry("exchange.delete-ok", "The exchange is deleted."),
            Map.entry("exchange.bind", "RabbitMQ extension: binds an exchange to another exchange."),
            Map.entry("exchange.bind-ok", "The exchange-to-exchange binding is created."),
            Map.entry("exchange.unbind", "RabbitMQ extension: removes an exchange-to-exchange binding."),
            Map.entry(
                    "exchange.unbind-ok",
                    "The exchange-to-exchange binding is removed (note its method id: 51, not 41)."),
            Map.entry(
                    "queue.declare",
                    "Declares a queue: creates it (an empty name asks the broker for a generated one), or checks it"
                            + " exists when passive."),
            Map.entry("queue.declare-ok", "The queue is declared: its name, message count and consumer count."),
            Map.entry("queue.bind", "Binds a queue to an exchange."),
            Map.entry("queue.bind-ok", "The queue binding is created."),
            Map.entry("queue.purge", "Removes every ready message from a queue."),
            Map.entry("queue.purge-ok", "The queue is purged: how many messages were removed."),
            Map.entry("queue.delete", "Deletes a queue."),
            Map.entry("queue.delete-ok", "The queue is deleted: how many messages it held."),
            Map.entry("queue.unbind", "Removes a queue binding."),
            Map.entry("queue.unbind-ok", "The queue binding is removed."),
            Map.entry(
                    "basic.qos",
                    "Sets the prefetch window: how many unacknowledged messages (or bytes) the broker may deliver."),
            Map.entry("basic.qos-ok", "The prefetch window is set."),
            Map.entry("basic.consume", "Starts a consumer on a queue."),
            Map.entry("basic.consume-ok", "The consumer is started: its tag."),
            Map.entry(
                    "basic.cancel",
                    "Cancels a consumer; RabbitMQ also sends it to the client when the consumer's queue goes away"
                            + " (consumer_cancel_notify)."),
            Map.entry("basic.cancel-ok", "The consumer is cancelled."),
            Map.entry("basic.publish", "Publishes a message; its content header and body frames follow."),
            Map.entry("basic.return", "Returns an unroutable mandatory message to its publisher; its content follows."),
            Map.entry("basic.deliver", "Delivers a message to a consumer; its content follows."),
            Map.entry("basic.get", "Fetches one message from a queue (polling)."),
            Map.entry("basic.get-ok", "The fetched message; its content follows."),
            Map.entry("basic.get-empty", "The queue had no message to fetch."),
            Map.entry(
                    "basic.ack",
                    "Acknowledges one message or, with multiple, every message up to the delivery tag; in confirm"
                            + " mode the broker sends it to confirm publishes."),
            Map.entry("basic.reject", "Rejects one message, requeueing it or not."),
            Map.entry(
                    "basic.recover-async",
                    "Deprecated: asks the broker to redeliver unacknowledged messages, without an answer."),
            Map.entry("basic.recover", "Asks the broker to redeliver the channel's unacknowledged messages."),
            Map.entry("basic.recover-ok", "The redelivery has started."),
            Map.entry(
                    "basic.nack",
                    "RabbitMQ extension: rejects one or, with multiple, several messages; in confirm mode the broker"
                            + " sends it for publishes it could not take responsibility for."),
            Map.entry("tx.select", "Puts the channel in transactional mode."),
            Map.entry("tx.select-ok", "The channel is transactional."),
            Map.entry("tx.commit", "Commits the current transaction."),
            Map.entry("tx.commit-ok", "The transaction is committed."),
            Map.entry("tx.rollback", "Abandons the current transaction."),
            Map.entry("tx.rollback-ok", "The transaction is rolled back."),
            Map.entry("confirm.select", "RabbitMQ extension: puts the channel in publisher-confirms mode."),
            Map.entry("confirm.select-ok", "The channel is in publisher-confirms mode."));

    private Descriptions() {}

    /**
     * The description of a class.
     *
     * @param className e.g. {@code "basic"}
     * @return the description, or {@code null} when there is none
     */
    static String ofClass(String className) {
        return CLASSES.get(className);
    }

    /**
     * The description of a method.
     *
     * @param className e.g. {@code "basic"}
     * @param methodName e.g. {@code "get-ok"}
     * @return the description, or {@code null} when there is none
     */
    static String ofMethod(String className, String methodName) {
        return METHODS.get(className + "." + methodName);
    }
}
