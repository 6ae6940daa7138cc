package dev.pika.examples.select;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.io.TimerReference;
import dev.pika.spec.Basic;
import dev.pika.spec.Exchange;
import dev.pika.spec.Method;
import dev.pika.spec.Queue;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One connection's life of the publisher: Pika's {@code ExamplePublisher}. It connects, opens a channel, declares the
 * exchange and the queue, binds them, turns on publisher confirms, and publishes a message every interval from a
 * loop timer. Each publish's sequence number (the delivery tag of its confirmation) is kept until the broker
 * confirms it; a confirmation with {@code multiple} settles every pending tag up to its own. When the connection
 * closes unexpectedly it leaves the loop after {@link AsynchronousPublisherExample#REOPEN_DELAY} so that the caller
 * reconnects; {@link #requestStop()} closes channel and connection and ends {@link #run()}.
 *
 * <p>Threading: {@link #run()} runs the connection's loop on the calling thread; every other method except {@link
 * #requestStop()} runs on that loop.
 */
final class ExamplePublisher {

    private static final Logger LOG = System.getLogger(ExamplePublisher.class.getName());

    /** The headers of Pika's example: keys and values in Arabic, Chinese and Japanese. */
    private static final Map<String, Object> HEADERS = headers();

    /** The body of Pika's example: a JSON string. */
    private static final byte[] BODY =
            "\"\u0645\u0641\u062a\u0627\u062d \u0642\u064a\u0645\u0629 \u952e \u503c \u30ad\u30fc \u5024\""
                    .getBytes(StandardCharsets.UTF_8);

    private final ConnectionParameters parameters;
    private final ExampleTopology topology;
    private final Duration publishInterval;
    private final PublisherListener listener;
    private final int connectionNumber;
    private final IoLoop loop = new IoLoop();

    private SelectConnection connection;
    private Channel channel;
    private TimerReference nextPublish;
    /** Delivery tags published and not yet confirmed, in order. */
    private final NavigableSet<Long> deliveries = new TreeSet<>();

    private long messageNumber;
    private long acked;
    private long nacked;
    private boolean stopping;

    ExamplePublisher(
            ConnectionParameters parameters,
            ExampleTopology topology,
            Duration publishInterval,
            PublisherListener listener,
            int connectionNumber) {
        this.parameters = parameters;
        this.topology = topology;
        this.publishInterval = publishInterval;
        this.listener = listener;
        this.connectionNumber = connectionNumber;
    }

    private static Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("\u0645\u0641\u062a\u0627\u062d", " \u0642\u064a\u0645\u0629");
        headers.put("\u952e", "\u503c");
        headers.put("\u30ad\u30fc", "\u5024");
        return headers;
    }

    /** Connects and runs the loop on the calling thread until the publisher stopped; then releases the loop. */
    void run() {
        try {
            connection = new SelectConnection(
                    parameters, this::onConnectionOpen, this::onConnectionOpenError, this::onConnectionClosed, loop);
            loop.start();
        } finally {
            loop.close();
        }
    }

    /** Any thread: stops the publisher cleanly on its loop. */
    void requestStop() {
        try {
            loop.addCallbackThreadsafe(this::stop);
        } catch (IllegalStateException loopClosed) {
            // run() has returned: nothing left to stop
        }
    }

    /** The counts so far (loop thread, or after {@link #run()} returned). */
    PublisherStats stats() {
        return new PublisherStats(messageNumber, acked, nacked, deliveries.size());
    }

    private void onConnectionOpen(Connection opened) {
        LOG.log(Level.INFO, "Connection opened");
        connection.channel(this::onChannelOpen);
    }

    private void onConnectionOpenError(Connection failed, AmqpConnectionException error) {
        LOG.log(
                Level.ERROR,
                "Connection open failed, reopening in {0}: {1}",
                AsynchronousPublisherExample.REOPEN_DELAY,
                error.getMessage());
        if (stopping) {
            loop.stop();
        } else {
            listener.onConnectionLost(error);
            loop.callLater(AsynchronousPublisherExample.REOPEN_DELAY, loop::stop);
        }
    }

    private void onConnectionClosed(Connection closed, AmqpConnectionException reason) {
        channel = null;
        cancelNextPublish();
        if (stopping) {
            loop.stop();
        } else {
            LOG.log(
                    Level.WARNING,
                    "Connection closed, reopening in {0}: {1}",
                    AsynchronousPublisherExample.REOPEN_DELAY,
                    reason.getMessage());
            listener.onConnectionLost(reason);
            loop.callLater(AsynchronousPublisherExample.REOPEN_DELAY, loop::stop);
        }
    }

    private void onChannelOpen(Channel opened) {
        LOG.log(Level.INFO, "Channel opened");
        channel = opened;
        channel.addOnCloseCallback(this::onChannelClosed);
        LOG.log(Level.INFO, "Declaring exchange {0}", topology.exchange());
        channel.exchangeDeclare(
                topology.exchange(),
                ExampleTopology.EXCHANGE_TYPE,
                false,
                false,
                false,
                false,
                null,
                this::onExchangeDeclareOk);
    }

    /** The broker closed the channel: close the connection, which reconnects unless stopping. */
    private void onChannelClosed(Channel closed, AmqpException reason) {
        LOG.log(Level.WARNING, "Channel {0} was closed: {1}", closed.channelNumber(), reason.getMessage());
        channel = null;
        cancelNextPublish();
        if (!stopping && !connection.isClosing() && !connection.isClosed()) {
            connection.close();
        }
    }

    private void onExchangeDeclareOk(Exchange.DeclareOk ok) {
        LOG.log(Level.INFO, "Exchange declared: {0}", topology.exchange());
        channel.queueDeclare(topology.queue(), false, false, false, false, null, this::onQueueDeclareOk);
    }

    private void onQueueDeclareOk(Queue.DeclareOk ok) {
        LOG.log(
                Level.INFO,
                "Binding {0} to {1} with {2}",
                topology.exchange(),
                topology.queue(),
                topology.routingKey());
        channel.queueBind(topology.queue(), topology.exchange(), topology.routingKey(), null, this::onBindOk);
    }

    private void onBindOk(Queue.BindOk ok) {
        LOG.log(Level.INFO, "Queue bound");
        startPublishing();
    }

    private void startPublishing() {
        LOG.log(Level.INFO, "Issuing Confirm.Select RPC command");
        channel.confirmDelivery(this::onDeliveryConfirmation, selectOk -> {
            listener.onPublishing(connectionNumber);
            scheduleNextMessage();
        });
    }

    /**
     * A {@code Basic.Ack} or {@code Basic.Nack}: settles its delivery tag, or with {@code multiple} every pending tag
     * up to it.
     */
    private void onDeliveryConfirmation(Method method) {
        boolean ack = method instanceof Basic.Ack;
        long deliveryTag = ack ? ((Basic.Ack) method).deliveryTag() : ((Basic.Nack) method).deliveryTag();
        boolean multiple = ack ? ((Basic.Ack) method).multiple() : ((Basic.Nack) method).multiple();
        int settled;
        if (multiple) {
            NavigableSet<Long> upTo = deliveries.headSet(deliveryTag, true);
            settled = upTo.size();
            upTo.clear();
        } else {
            settled = deliveries.remove(deliveryTag) ? 1 : 0;
        }
        if (ack) {
            acked += settled;
        } else {
            nacked += settled;
        }
        PublisherStats stats = stats();
        LOG.log(
                Level.DEBUG,
                "Received {0} for delivery tag: {1} (multiple: {2}); {3}",
                ack ? "ack" : "nack",
                deliveryTag,
                multiple,
                stats);
        listener.onConfirmed(ack, deliveryTag, multiple, stats);
    }

    private void scheduleNextMessage() {
        if (!stopping) {
            nextPublish = loop.callLater(publishInterval, this::publishMessage);
        }
    }

    /** Publishes one message (unless the connection is not keeping up) and schedules the next. */
    private void publishMessage() {
        nextPublish = null;
        if (channel == null || !channel.isOpen() || stopping) {
            return;
        }
        if (connection.isWritable()) {
            String messageId = Long.toString(messageNumber + 1);
            BasicProperties properties = BasicProperties.builder()
                    .appId("example-publisher")
                    .contentType("application/json")
                    .messageId(messageId)
                    .headers(HEADERS)
                    .build();
            long deliveryTag = channel.basicPublish(topology.exchange(), topology.routingKey(), BODY, properties);
            messageNumber++;
            deliveries.add(deliveryTag);
            LOG.log(Level.DEBUG, "Published message # {0}", messageNumber);
            listener.onPublished(deliveryTag, messageId);
        } else {
            LOG.log(Level.DEBUG, "The connection is not writable: skipping this message");
        }
        scheduleNextMessage();
    }

    private void cancelNextPublish() {
        if (nextPublish != null) {
            nextPublish.cancel();
            nextPublish = null;
        }
    }

    /** Pika's {@code stop}: no more messages; close the channel, then the connection. */
    private void stop() {
        if (stopping) {
            return;
        }
        LOG.log(Level.INFO, "Stopping");
        stopping = true;
        cancelNextPublish();
        if (channel != null && channel.isOpen()) {
            LOG.log(Level.INFO, "Closing the channel");
            channel.close();
        }
        if (connection != null && !connection.isClosing() && !connection.isClosed()) {
            LOG.log(Level.INFO, "Closing connection");
            connection.close(); // closes the channel first if still open; the close callback stops the loop
        } else {
            loop.stop();
        }
    }
}
