package dev.pika.examples.select;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.spec.Basic;
import dev.pika.spec.Exchange;
import dev.pika.spec.Queue;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One connection's life of the consumer: Pika's {@code ExampleConsumer}. It connects, opens a channel, declares the
 * exchange, declares the queue, binds it, sets the prefetch, and consumes, each step started from the previous one's
 * callback; it acknowledges every message. When the broker closes the channel or the connection, it stops and asks
 * for a reconnection ({@link #shouldReconnect()}); {@link #requestStop()} cancels the consumer, closes the channel and
 * the connection, and ends {@link #run()}.
 *
 * <p>Threading: {@link #run()} runs the connection's loop on the calling thread; every other method except {@link
 * #requestStop()} runs on that loop.
 */
final class ExampleConsumer {

    private static final Logger LOG = System.getLogger(ExampleConsumer.class.getName());

    /** Pika's prefetch: one unacknowledged message at a time (raise it for throughput). */
    static final int PREFETCH_COUNT = 1;

    private final ConnectionParameters parameters;
    private final ExampleTopology topology;
    private final ConsumerListener listener;
    private final int connectionNumber;
    private final IoLoop loop = new IoLoop();

    private SelectConnection connection;
    private Channel channel;
    private String consumerTag;
    private boolean closing;
    private boolean consuming;
    private boolean shouldReconnect;
    private boolean wasConsuming;

    ExampleConsumer(
            ConnectionParameters parameters,
            ExampleTopology topology,
            ConsumerListener listener,
            int connectionNumber) {
        this.parameters = parameters;
        this.topology = topology;
        this.listener = listener;
        this.connectionNumber = connectionNumber;
    }

    /** Connects and runs the loop on the calling thread until the consumer stopped; then releases the loop. */
    void run() {
        try {
            connection = connect();
            loop.start();
        } finally {
            loop.close();
        }
    }

    /** Whether the connection ended without being asked to, so that the caller should connect again. */
    boolean shouldReconnect() {
        return shouldReconnect;
    }

    /** Whether this connection got as far as consuming (then the next one is tried at once). */
    boolean wasConsuming() {
        return wasConsuming;
    }

    /** Any thread: stops the consumer cleanly on its loop. */
    void requestStop() {
        try {
            loop.addCallbackThreadsafe(this::stop);
        } catch (IllegalStateException loopClosed) {
            // run() has returned: nothing left to stop
        }
    }

    private SelectConnection connect() {
        LOG.log(Level.INFO, "Connecting to {0}", parameters.host() + ":" + parameters.port());
        return new SelectConnection(
                parameters, this::onConnectionOpen, this::onConnectionOpenError, this::onConnectionClosed, loop);
    }

    private void onConnectionOpen(Connection opened) {
        LOG.log(Level.INFO, "Connection opened");
        listener.onConnected(connectionNumber);
        openChannel();
    }

    private void onConnectionOpenError(Connection failed, AmqpConnectionException error) {
        LOG.log(Level.ERROR, "Connection open failed: {0}", error.getMessage());
        if (closing) {
            loop.stop();
        } else {
            listener.onConnectionLost(error);
            reconnect();
        }
    }

    private void onConnectionClosed(Connection closed, AmqpConnectionException reason) {
        channel = null;
        if (closing) {
            loop.stop();
        } else {
            LOG.log(Level.WARNING, "Connection closed, reconnect necessary: {0}", reason.getMessage());
            listener.onConnectionLost(reason);
            reconnect();
        }
    }

    /** The connection ended by itself: leave the loop, and let the caller connect again. */
    private void reconnect() {
        shouldReconnect = true;
        stop();
    }

    private void openChannel() {
        LOG.log(Level.INFO, "Creating a new channel");
        connection.channel(this::onChannelOpen);
    }

    private void onChannelOpen(Channel opened) {
        LOG.log(Level.INFO, "Channel opened");
        channel = opened;
        channel.addOnCloseCallback(this::onChannelClosed);
        setupExchange();
    }

    /** The broker closed the channel (or we did): without a channel there is nothing to do, so close up. */
    private void onChannelClosed(Channel closed, AmqpException reason) {
        LOG.log(Level.WARNING, "Channel {0} was closed: {1}", closed.channelNumber(), reason.getMessage());
        channel = null;
        closeConnection();
    }

    private void setupExchange() {
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

    private void onExchangeDeclareOk(Exchange.DeclareOk ok) {
        LOG.log(Level.INFO, "Exchange declared: {0}", topology.exchange());
        setupQueue();
    }

    private void setupQueue() {
        LOG.log(Level.INFO, "Declaring queue {0}", topology.queue());
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
        LOG.log(Level.INFO, "Queue bound: {0}", topology.queue());
        channel.basicQos(0, PREFETCH_COUNT, false, this::onBasicQosOk);
    }

    private void onBasicQosOk(Basic.QosOk ok) {
        LOG.log(Level.INFO, "QOS set to: {0}", PREFETCH_COUNT);
        startConsuming();
    }

    private void startConsuming() {
        LOG.log(Level.INFO, "Issuing consumer related RPC commands");
        channel.addOnCancelCallback(this::onConsumerCancelled);
        consumerTag = channel.basicConsume(topology.queue(), this::onMessage, false, false, null, null);
        wasConsuming = true;
        consuming = true;
        listener.onConsuming(consumerTag);
    }

    /** The broker cancelled the consumer (e.g. the queue was deleted): close the channel. */
    private void onConsumerCancelled(Basic.Cancel cancel) {
        LOG.log(Level.INFO, "Consumer was cancelled remotely, shutting down: {0}", cancel);
        if (channel != null) {
            channel.close();
        }
    }

    private void onMessage(Channel on, Basic.Deliver deliver, BasicProperties properties, byte[] body) {
        LOG.log(Level.DEBUG, "Received message # {0} from {1}", deliver.deliveryTag(), properties.appId());
        listener.onMessage(deliver, properties, body);
        on.basicAck(deliver.deliveryTag());
    }

    /** Pika's {@code stop}: cancel the consumer (which closes channel and connection), or close what is open. */
    private void stop() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.log(Level.INFO, "Stopping");
        if (consuming && channel != null) {
            stopConsuming();
        } else if (connection != null && !connection.isClosed() && !connection.isClosing()) {
            connection.close(); // the close (or open-error) callback stops the loop
        } else {
            loop.stop();
        }
    }

    private void stopConsuming() {
        LOG.log(Level.INFO, "Sending a Basic.Cancel RPC command to the broker");
        channel.basicCancel(consumerTag, this::onCancelOk);
    }

    private void onCancelOk(Basic.CancelOk ok) {
        consuming = false;
        LOG.log(Level.INFO, "The broker acknowledged the cancellation of the consumer: {0}", ok.consumerTag());
        LOG.log(Level.INFO, "Closing the channel");
        channel.close();
    }

    private void closeConnection() {
        consuming = false;
        if (connection.isClosing() || connection.isClosed()) {
            LOG.log(Level.INFO, "Connection is closing or already closed");
        } else {
            LOG.log(Level.INFO, "Closing connection");
            connection.close();
        }
    }
}
