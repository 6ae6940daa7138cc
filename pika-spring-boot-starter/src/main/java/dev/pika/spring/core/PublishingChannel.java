package dev.pika.spring.core;

import dev.pika.BasicProperties;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpException;
import dev.pika.io.IoServices;
import dev.pika.io.TimerReference;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The template's side on the I/O thread: its channel (in confirm mode when confirms are on), the sends
 * waiting for the channel to open, and the sends waiting for their confirm, whose deadlines (the
 * confirm timeout, counted from the hand-over to the I/O thread and again from the publish) one
 * periodic sweep enforces (sends are queued in publish order, and all have the same timeout, so the
 * deadlines are in order: no timer per message).
 *
 * <p>Confined to the connection's I/O thread: every method is called there, and nothing here is
 * synchronized.
 */
final class PublishingChannel {

    private static final Log LOG = LogFactory.getLog(PublishingChannel.class);

    private final PikaConnection connection;
    private final PublisherOptions options;
    private final Consumer<PendingSend> onSettled;
    private final long confirmTimeoutNanos;
    private final ArrayDeque<PendingSend> waiting = new ArrayDeque<>();
    private final ArrayDeque<PendingSend> unconfirmed = new ArrayDeque<>();

    private Channel channel;
    private Connection channelConnection;
    /** The core connection that refused confirm mode, and why: its sends fail at once. */
    private Connection refusedBy;

    private RuntimeException refusal;
    private boolean ready;
    private boolean stopped;
    private IoServices io;
    private TimerReference sweep;

    PublishingChannel(PikaConnection connection, PublisherOptions options, Consumer<PendingSend> onSettled) {
        this.connection = connection;
        this.options = options;
        this.onSettled = onSettled;
        this.confirmTimeoutNanos = options.confirmTimeout().toNanos();
    }

    /** Publishes now if the channel is ready, else queues and opens it. */
    void publish(PendingSend send) {
        if (stopped) {
            settle(send, new PublisherStoppedException("PikaTemplate is stopped; the message was not sent"));
            return;
        }
        if (ready && channel.isOpen()) {
            write(send);
            return;
        }
        Connection amqp;
        try {
            amqp = connection.amqpConnection();
        } catch (ConnectionUnavailableException e) {
            settle(send, e);
            return;
        }
        if (amqp == refusedBy) {
            settle(send, refusal);
            return;
        }
        io = amqp.ioloop();
        send.deadlineNanos = io.nanoTime() + confirmTimeoutNanos;
        waiting.add(send);
        armSweep();
        if (channel == null) {
            open(amqp);
        }
    }

    /** Opens the channel ahead of the first send (the connection just opened). */
    void prepare(Connection amqp) {
        if (!stopped && channel == null && amqp != refusedBy) {
            open(amqp);
        }
    }

    private void open(Connection amqp) {
        io = amqp.ioloop();
        Channel opening;
        try {
            opening = amqp.channel(this::opened);
        } catch (RuntimeException e) {
            failWaiting(e);
            return;
        }
        channel = opening;
        channelConnection = amqp;
        ready = false;
        opening.addOnCloseCallback(this::closed);
        opening.addOnReturnCallback((ch, returned, properties, body) -> {
            if (!options.confirms()) {
                LOG.warn("Message returned by the broker as unroutable (exchange '" + returned.exchange()
                        + "', routing key '" + returned.routingKey() + "'): " + returned.replyCode() + " "
                        + returned.replyText());
            }
        });
    }

    private void opened(Channel opened) {
        if (opened != channel) {
            return;
        }
        if (!options.confirms()) {
            becomeReady();
            return;
        }
        CompletableFuture<?> selectOk;
        try {
            selectOk = opened.confirmDelivery();
        } catch (RuntimeException e) {
            // e.g. the broker does not announce publisher confirms: every send fails with the reason
            LOG.error("PikaTemplate cannot put its channel in confirm mode: " + e.getMessage()
                    + "; set pika.publisher.confirms=false for a broker without publisher confirms");
            refusedBy = channelConnection;
            refusal = e;
            channel = null;
            Channels.closeQuietly(opened);
            failWaiting(e);
            return;
        }
        // publish once the broker has answered Confirm.Select (one round trip per channel opening), so that
        // no publish depends on how a broker orders a publish sent right behind the mode switch
        selectOk.whenComplete((ok, error) -> {
            if (error == null && opened == channel) {
                becomeReady();
            } // on error the channel is closing: closed() handles the waiting sends
        });
    }

    private void becomeReady() {
        ready = true;
        while (!waiting.isEmpty() && ready) {
            write(waiting.poll());
        }
    }

    private void closed(Channel closedChannel, AmqpException reason) {
        if (closedChannel != channel) {
            return;
        }
        channel = null;
        ready = false;
        if (!(reason instanceof dev.pika.exceptions.ChannelClosedByClientException)) {
            LOG.warn("PikaTemplate's channel closed: " + reason.getMessage());
        }
        if (waiting.isEmpty() || stopped) {
            failWaiting(reason);
            return;
        }
        try {
            open(connection.amqpConnection());
        } catch (ConnectionUnavailableException e) {
            failWaiting(reason);
        }
    }

    private void write(PendingSend send) {
        if (send.settled) {
            return;
        }
        BasicProperties properties = send.properties;
        try {
            if (options.confirms()) {
                CompletableFuture<Void> confirm = channel.basicPublishConfirmed(
                        send.exchange, send.routingKey, send.body, properties, options.mandatory());
                send.deadlineNanos = io.nanoTime() + confirmTimeoutNanos;
                unconfirmed.add(send);
                armSweep();
                confirm.whenComplete((ok, error) -> settle(send, error));
            } else {
                channel.basicPublish(send.exchange, send.routingKey, send.body, properties, options.mandatory());
                settle(send, null);
            }
        } catch (RuntimeException e) {
            settle(send, e);
        }
    }

    private void armSweep() {
        if (sweep == null && io != null) {
            long tick = Math.max(1_000_000L, Math.min(confirmTimeoutNanos / 4, 1_000_000_000L));
            sweep = io.callLater(Duration.ofNanos(tick), this::sweep);
        }
    }

    private void sweep() {
        sweep = null;
        long now = io.nanoTime();
        expire(waiting, now);
        expire(unconfirmed, now);
        if (!unconfirmed.isEmpty() || !waiting.isEmpty()) {
            armSweep();
        }
    }

    /** Fails the sends of {@code queue} (in deadline order) whose confirm timeout has passed. */
    private void expire(ArrayDeque<PendingSend> queue, long now) {
        while (!queue.isEmpty()) {
            PendingSend head = queue.peek();
            if (head.settled) {
                queue.poll();
            } else if (now - head.deadlineNanos >= 0) {
                queue.poll();
                settle(head, new ConfirmTimeoutException(head.exchange, head.routingKey, options.confirmTimeout()));
            } else {
                break;
            }
        }
    }

    /** Fails every send still unsettled (shutdown timeout passed), then closes the channel. */
    void failAllAndClose(String why) {
        stopped = true;
        failWaiting(new PublisherStoppedException(why));
        while (!unconfirmed.isEmpty()) {
            PendingSend send = unconfirmed.poll();
            settle(send, new PublisherStoppedException(why));
        }
        close();
    }

    /** Closes the channel gracefully if open. */
    void close() {
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
        Channels.closeQuietly(channel);
    }

    private void failWaiting(Throwable reason) {
        while (!waiting.isEmpty()) {
            settle(waiting.poll(), reason);
        }
    }

    private void settle(PendingSend send, Throwable error) {
        if (send.settled) {
            return;
        }
        send.settled = true;
        send.body = null;
        if (error == null) {
            send.result.complete(null);
        } else {
            send.result.completeExceptionally(unwrap(error));
        }
        onSettled.accept(send);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
