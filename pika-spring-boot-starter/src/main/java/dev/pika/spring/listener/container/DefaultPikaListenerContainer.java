package dev.pika.spring.listener.container;

import dev.pika.BasicProperties;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ChannelClosedByBrokerException;
import dev.pika.exceptions.ConsumerCancelledException;
import dev.pika.io.TimerReference;
import dev.pika.spec.Basic;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.connection.PikaLifecyclePhases;
import dev.pika.spring.listener.AckMode;
import dev.pika.spring.listener.PikaDelivery;
import dev.pika.spring.listener.PikaListenerContainer;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The starter's {@link PikaListenerContainer}: one channel on a shared {@link PikaConnection}, {@code
 * basic.qos(prefetch)}, one consumer per queue, and a bounded {@link WorkerPool} ({@code concurrency}
 * threads named {@code pika-listener-<id>-N}, a queue of {@code prefetch} deliveries per queue) that runs
 * the listener. The I/O thread only hands deliveries over: it never runs listener code and never blocks
 * (the prefetch guarantees the queue has room).
 *
 * <p><b>Acks.</b> Workers settle deliveries through a lock-free {@link SettlementQueue}; the I/O thread
 * applies a batch at a time to the channel's {@link AckTracker}, which sends one {@code multiple} ack
 * per contiguous run of settled tags. A settlement wakes the I/O thread only when a quarter of the
 * prefetch waits undrained (so the prefetch window keeps moving); otherwise a {@link SettlementSweep}
 * drains every ack-hold time (50 ms) while deliveries are outstanding, so an ack reaches the broker
 * within that time and never waits behind a slow listener. Likewise, the worker pool wakes parked
 * workers once per loop turn, not per delivery.
 * Tags belong to a {@link ConsumerSession} (one channel generation):
 * a settlement for a channel that has closed is dropped (the broker already requeued the delivery), never
 * sent on the next channel.
 *
 * <p><b>Recovery.</b> When the connection is lost, the state goes to {@code RECOVERING} and the
 * container subscribes again when the connection's recovery reopens it ({@link
 * PikaConnectionListener#onOpened}). A channel closed by the broker (say, 406 after a bad ack, or 404
 * when the queue does not exist, shown as {@code FAILED}) is reopened after the {@link
 * ResubscribePolicy} back-off; a consumer cancelled by the broker (queue deleted) makes the state {@code
 * CANCELLED} and is subscribed again under the same policy. When the policy runs out of attempts the
 * state stays {@code FAILED}.
 *
 * <p><b>Stop.</b> {@link #stop()} cancels the consumers, drops the deliveries that wait for a worker (not
 * run, not acked), lets those in progress finish within the shutdown timeout, sends their acks, and
 * closes the channel: the broker returns every unacknowledged delivery to its queue. The worker threads
 * are gone when it returns. A stopped container can be started again.
 *
 * <p>Threading: every public method is safe from any thread; {@link #start()} and {@link #stop()} must
 * not be called on the connection's I/O thread ({@code stop} blocks up to the shutdown timeout plus a
 * few seconds for the broker's replies). {@link #snapshot()} never blocks.
 */
public class DefaultPikaListenerContainer implements PikaListenerContainer {

    private static final Log LOG = LogFactory.getLog(DefaultPikaListenerContainer.class);

    /** How long stop waits for the broker's cancel-ok and close-ok: {@value} seconds each. */
    private static final long BROKER_REPLY_SECONDS = 5;

    private final PikaListenerEndpoint endpoint;
    private final String id;
    private final List<String> queues;
    private final PikaConnection connection;
    private final ContainerSettings settings;
    private final DeliveryProcessor processor;
    private final ConsumerStateMachine state;
    private final SettlementQueue settlements;
    private final boolean autoAck;
    private final int holdLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong ackFrames = new AtomicLong();
    private final AtomicLong nackFrames = new AtomicLong();
    private final AtomicLong staleSettlements = new AtomicLong();
    private final Object lifecycle = new Object();
    private final PikaConnectionListener connectionListener = new PikaConnectionListener() {
        @Override
        public void onOpened(PikaConnection source, Connection amqpConnection, boolean recovered) {
            onConnectionOpened();
        }

        @Override
        public void onLost(PikaConnection source, AmqpConnectionException cause) {
            state.connectionLost(cause);
        }
    };

    private volatile WorkerPool pool;
    private volatile boolean running;
    private volatile boolean stopRequested;
    /** The current channel generation; written on the I/O thread. */
    private volatile ConsumerSession session;
    /** I/O thread only. */
    private long generations;
    /** I/O thread only. */
    private TimerReference holdTimer;
    /** I/O thread only. */
    private final SettlementSweep sweep;

    /**
     * Creates a container; it is not started.
     *
     * @param endpoint what to consume and the listener
     * @param connection the connection to consume on
     * @param settings the resolved settings
     */
    public DefaultPikaListenerContainer(
            PikaListenerEndpoint endpoint, PikaConnection connection, ContainerSettings settings) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.id = endpoint.id();
        this.queues = endpoint.queues();
        this.autoAck = settings.ackMode() == AckMode.NONE;
        this.holdLimit = settings.prefetch() == 0 ? 64 : Math.max(1, settings.prefetch() / 4);
        this.processor = new DeliveryProcessor(id, connection.name(), endpoint.listener(), settings);
        this.state = new ConsumerStateMachine(id, settings.resubscribePolicy());
        this.settlements =
                new SettlementQueue(connection::runOrHandOff, this::applySettlement, this::flushCurrent, holdLimit);
        this.sweep = new SettlementSweep(settings.ackHoldTime(), settlements::drain, this::deliveriesOutstanding);
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle

    @Override
    public void start() {
        checkNotLoopThread("start");
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            int capacity = settings.prefetch() == 0 ? 0 : settings.prefetch() * queues.size();
            pool = WorkerPool.create(
                    id, settings.concurrency(), capacity, settings.virtualThreads(), connection::execute);
            stopRequested = false;
            state.starting();
            running = true;
            connection.addListener(connectionListener);
        }
        LOG.info("Listener '" + id + "' starting on " + queues + " (connection '" + connection.name()
                + "', concurrency " + settings.concurrency() + ", prefetch " + settings.prefetch() + ", ack mode "
                + settings.ackMode() + ")");
        try {
            connection.execute(this::subscribe);
        } catch (ConnectionUnavailableException e) {
            LOG.warn("Listener '" + id + "': connection '" + connection.name() + "' is closed; it will not consume");
        }
    }

    @Override
    public void stop() {
        checkNotLoopThread("stop");
        WorkerPool workers;
        synchronized (lifecycle) {
            if (!running || stopRequested) {
                return;
            }
            stopRequested = true;
            state.stopping();
            workers = pool;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        await(onLoop(this::cancelConsumers), Duration.ofSeconds(BROKER_REPLY_SECONDS), "cancel its consumers");
        int dropped = workers.removeQueued(task -> true).size();
        inFlight.addAndGet(-dropped);
        workers.shutdown();
        try {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!workers.awaitTermination(left)) {
                LOG.warn("Listener '" + id + "': deliveries still in progress after pika.listener.shutdown-timeout ("
                        + settings.shutdownTimeout() + "); interrupting them (they are returned to the queue)");
                workers.shutdownNow();
                workers.awaitTermination(Duration.ofSeconds(BROKER_REPLY_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        await(onLoop(this::flushAndClose), Duration.ofSeconds(BROKER_REPLY_SECONDS), "close its channel");
        connection.removeListener(connectionListener);
        synchronized (lifecycle) {
            running = false;
            stopRequested = false;
            state.stopped();
        }
        LOG.info("Listener '" + id + "' stopped (" + dropped + " deliveries not started were returned to the queue)");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return settings.autoStartup();
    }

    @Override
    public int getPhase() {
        return PikaLifecyclePhases.LISTENER_CONTAINER;
    }

    private void checkNotLoopThread(String operation) {
        if (connection.isInLoopThread()) {
            throw new IllegalStateException("Listener '" + id + "': " + operation
                    + "() must not be called on the connection's I/O thread (it waits for the broker)");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Subscribing (I/O thread)

    private void onConnectionOpened() {
        if (running && !stopRequested) {
            state.connectionOpened();
            subscribe();
        }
    }

    private void subscribe() {
        if (!running || stopRequested) {
            return;
        }
        ConsumerSession current = session;
        if (current != null && current.isAlive()) {
            return;
        }
        Connection amqp;
        try {
            amqp = connection.amqpConnection();
        } catch (ConnectionUnavailableException e) {
            return; // onOpened subscribes once the connection is back
        }
        ConsumerSession next = new ConsumerSession(++generations, holdLimit, inFlight::decrementAndGet);
        session = next;
        amqp.openChannel().whenComplete((channel, error) -> {
            if (error != null) {
                onChannelClosed(next, error instanceof AmqpException a ? a : new AmqpException(error.getMessage()));
                return;
            }
            if (session != next || stopRequested) {
                next.kill();
                closeQuietly(channel);
                return;
            }
            next.channel(channel);
            channel.addOnCloseCallback((closed, reason) -> onChannelClosed(next, reason));
            channel.addOnCancelCallback(cancel -> onBrokerCancel(next, cancel));
            CompletableFuture<?> qos = settings.prefetch() > 0
                    ? channel.basicQos(settings.prefetch())
                    : CompletableFuture.completedFuture(null);
            qos.thenCompose(ok -> {
                        List<CompletableFuture<Basic.ConsumeOk>> consumers = new ArrayList<>();
                        for (String queue : queues) {
                            consumers.add(consume(next, queue));
                        }
                        return CompletableFuture.allOf(consumers.toArray(new CompletableFuture<?>[0]));
                    })
                    .whenComplete((ok, failure) -> {
                        if (failure == null && next.isAlive() && !stopRequested) {
                            state.consuming();
                            LOG.info("Listener '" + id + "' consuming from " + queues + " on channel "
                                    + channel.channelNumber());
                        } else if (failure != null && LOG.isDebugEnabled()) {
                            LOG.debug("Listener '" + id + "': subscription failed: " + failure);
                        }
                    });
        });
    }

    private CompletableFuture<Basic.ConsumeOk> consume(ConsumerSession owner, String queue) {
        return owner.channel()
                .basicConsumeFuture(
                        queue,
                        (channel, deliver, properties, body) -> onDelivery(owner, queue, deliver, properties, body),
                        autoAck,
                        false,
                        null,
                        null)
                .thenApply(ok -> {
                    owner.consumerTags().put(queue, ok.consumerTag());
                    return ok;
                });
    }

    private void onChannelClosed(ConsumerSession closed, AmqpException reason) {
        closed.kill();
        closed.closedFuture().complete(null);
        List<Runnable> stale = poolOrNull() == null
                ? List.of()
                : pool.removeQueued(task -> task instanceof DeliveryTask d && d.session() == closed);
        inFlight.addAndGet(-stale.size());
        if (session != closed) {
            return;
        }
        session = null;
        if (!running || stopRequested) {
            return;
        }
        if (reason instanceof AmqpConnectionException) {
            state.connectionLost(reason);
            return; // onOpened subscribes again
        }
        boolean refused = reason instanceof ChannelClosedByBrokerException broker
                && (broker.replyCode() == 403 || broker.replyCode() == 404 || broker.replyCode() == 405);
        LOG.warn("Listener '" + id + "': channel closed: " + reason.getMessage()
                + (refused ? " (the broker refused the subscription)" : "") + "; subscribing again");
        Optional<Duration> delay = state.channelClosed(reason, refused);
        delay.ifPresent(wait -> later(wait, this::subscribe));
    }

    private void onBrokerCancel(ConsumerSession owner, Basic.Cancel cancel) {
        String queue = null;
        for (Map.Entry<String, String> entry : owner.consumerTags().entrySet()) {
            if (entry.getValue().equals(cancel.consumerTag())) {
                queue = entry.getKey();
            }
        }
        if (queue == null) {
            return;
        }
        owner.consumerTags().remove(queue);
        String cancelled = queue;
        LOG.warn("Listener '" + id + "': the broker cancelled the consumer of queue '" + queue
                + "' (was the queue deleted?); subscribing again under the recovery policy");
        Optional<Duration> delay = state.brokerCancelled(new ConsumerCancelledException(cancel.consumerTag()));
        delay.ifPresent(wait -> later(wait, () -> resubscribe(owner, cancelled)));
    }

    private void resubscribe(ConsumerSession owner, String queue) {
        if (!owner.isAlive()
                || !running
                || stopRequested
                || owner.consumerTags().containsKey(queue)) {
            return;
        }
        consume(owner, queue).whenComplete((ok, failure) -> {
            if (failure == null && owner.consumerTags().size() == queues.size()) {
                state.consuming();
                LOG.info("Listener '" + id + "' consuming from '" + queue + "' again");
            }
        });
    }

    private void later(Duration delay, Runnable task) {
        try {
            connection.amqpConnection().ioloop().callLater(delay, task);
        } catch (RuntimeException e) {
            // the connection is not open: onOpened subscribes once it is back
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Deliveries (I/O thread hands over, workers process)

    private void onDelivery(
            ConsumerSession owner, String queue, Basic.Deliver deliver, BasicProperties properties, byte[] body) {
        deliveries.incrementAndGet();
        long tag = deliver.deliveryTag();
        if (!autoAck) {
            owner.tracker().received(tag);
            sweep.delivered(owner.channel().ioloop());
        }
        if (!owner.isAccepting()) {
            return; // stopping: not run, not acked; the broker returns it when the channel closes
        }
        inFlight.incrementAndGet();
        DeliveryTask task = new DeliveryTask(owner, new PikaDelivery(deliver, properties, body, queue), tag);
        if (!pool.submit(task)) {
            inFlight.decrementAndGet();
            LOG.warn("Listener '" + id + "': worker queue full (" + pool.capacity() + "); delivery " + tag
                    + " requeued. Is the prefetch above the queue capacity?");
            if (!autoAck) {
                owner.tracker().settle(tag, Settlement.REQUEUE);
                flush(owner, false);
            }
        }
    }

    /**
     * One delivery waiting for or running on a worker; it is also the delivery's acknowledgement and, once
     * settled, its entry in the settlement queue (one object per delivery besides the delivery itself).
     */
    private final class DeliveryTask extends DeliveryAcknowledgement implements Runnable {
        final PikaDelivery delivery;

        DeliveryTask(ConsumerSession session, PikaDelivery delivery, long deliveryTag) {
            super(session, deliveryTag, settlements, autoAck);
            this.delivery = delivery;
        }

        @Override
        public void run() {
            if (!session().isAccepting()) {
                inFlight.decrementAndGet(); // stale channel or stopping: never started
                return;
            }
            processor.process(delivery, this);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Acks (I/O thread)

    private void applySettlement(DeliveryAcknowledgement pending) {
        ConsumerSession owner = pending.session();
        Channel channel = owner.channel();
        if (owner != session || !owner.isAlive() || channel == null || !channel.isOpen()) {
            staleSettlements.incrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Listener '" + id + "': " + pending.settlement() + " of delivery " + pending.deliveryTag()
                        + " dropped: its channel is gone (the broker requeued the delivery)");
            }
            return;
        }
        if (!owner.tracker().settle(pending.deliveryTag(), pending.settlement())) {
            LOG.debug("Listener '" + id + "': delivery " + pending.deliveryTag() + " is not outstanding; ignored");
        }
    }

    private void flushCurrent() {
        flush(session, false);
    }

    /** @return whether the current channel has deliveries not settled with the broker; I/O thread */
    private boolean deliveriesOutstanding() {
        ConsumerSession current = session;
        return current != null && current.isAlive() && current.tracker().unsettledCount() > 0;
    }

    private void flush(ConsumerSession owner, boolean force) {
        if (owner == null
                || !owner.isAlive()
                || owner.channel() == null
                || !owner.channel().isOpen()) {
            return;
        }
        Channel channel = owner.channel();
        AckSink sink = owner.ackSink();
        if (sink == null) {
            sink = new AckSink() {
                @Override
                public void ack(long deliveryTag, boolean multiple) {
                    channel.basicAck(deliveryTag, multiple);
                    ackFrames.incrementAndGet();
                }

                @Override
                public void nack(long deliveryTag, boolean multiple, boolean requeue) {
                    channel.basicNack(deliveryTag, multiple, requeue);
                    nackFrames.incrementAndGet();
                }
            };
            owner.ackSink(sink);
        }
        owner.tracker().flush(sink, force);
        if (owner.tracker().pendingCount() > 0 && holdTimer == null) {
            holdTimer = channel.ioloop().callLater(settings.ackHoldTime(), () -> {
                holdTimer = null;
                flush(session, true);
            });
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Stop steps (I/O thread)

    private CompletableFuture<Void> cancelConsumers() {
        ConsumerSession current = session;
        if (current == null || !current.isAlive() || current.channel() == null) {
            if (current != null) {
                current.stopAccepting();
            }
            return CompletableFuture.completedFuture(null);
        }
        current.stopAccepting();
        List<CompletableFuture<Basic.CancelOk>> cancels = new ArrayList<>();
        for (String tag : current.consumerTags().values()) {
            cancels.add(current.channel().basicCancel(tag));
        }
        current.consumerTags().clear();
        return CompletableFuture.allOf(cancels.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> flushAndClose() {
        settlements.drain();
        sweep.cancel();
        ConsumerSession current = session;
        if (current == null || !current.isAlive() || current.channel() == null) {
            return CompletableFuture.completedFuture(null);
        }
        flush(current, true);
        if (holdTimer != null) {
            holdTimer.cancel();
            holdTimer = null;
        }
        closeQuietly(current.channel());
        return current.closedFuture();
    }

    private void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("Listener '" + id + "': closing the channel failed", e);
        }
    }

    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            connection.execute(() -> {
                try {
                    step.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (ConnectionUnavailableException e) {
            result.complete(null);
        }
        return result;
    }

    private void await(CompletableFuture<?> future, Duration timeout, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("Listener '" + id + "' could not " + what + " within " + timeout + "; going on");
        } catch (ExecutionException e) {
            LOG.debug("Listener '" + id + "' could not " + what + ": " + e.getCause());
        }
    }

    private WorkerPool poolOrNull() {
        return pool;
    }

    // ------------------------------------------------------------------------------------------------
    // Views

    @Override
    public String getListenerId() {
        return id;
    }

    @Override
    public PikaListenerEndpoint getEndpoint() {
        return endpoint;
    }

    /** @return the resolved settings */
    public ContainerSettings getSettings() {
        return settings;
    }

    /** @return the connection the container consumes on */
    public PikaConnection getConnection() {
        return connection;
    }

    @Override
    public PikaListenerSnapshot snapshot() {
        WorkerPool workers = pool;
        return new PikaListenerSnapshot(
                id,
                queues,
                connection.name(),
                state.state(),
                state.lastFailure(),
                Math.max(0, inFlight.get()),
                settings.concurrency(),
                workers == null ? 0 : workers.activeCount(),
                workers == null ? 0 : workers.queuedCount(),
                workers == null ? 0 : workers.capacity());
    }

    /** @return deliveries received from the broker since creation */
    public long getDeliveryCount() {
        return deliveries.get();
    }

    /** @return {@code basic.ack} frames sent since creation (each may settle many deliveries) */
    public long getAckFrameCount() {
        return ackFrames.get();
    }

    /** @return {@code basic.nack} frames sent since creation */
    public long getNackFrameCount() {
        return nackFrames.get();
    }

    /** @return settlements dropped because their channel had closed (never sent on a newer channel) */
    public long getStaleSettlementCount() {
        return staleSettlements.get();
    }

    @Override
    public String toString() {
        return "DefaultPikaListenerContainer[" + id + ", " + queues + ", " + state.state() + "]";
    }
}
