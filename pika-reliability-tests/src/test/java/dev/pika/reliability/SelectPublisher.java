package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.NackException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A confirmed publisher on a {@link SelectConnection}: pipelines up to {@link #WINDOW} publishes with
 * {@code basicPublishConfirmed}, records each attempt and its outcome in the {@link Ledger}, gives every publish that
 * was failed back to it to the {@link IdSource} to republish, and reconnects on its loop whenever the connection
 * closes.
 *
 * <p>Threading: all state is confined to the loop's thread; {@link #opens()} and {@link #close()} may be called from
 * any thread.
 */
final class SelectPublisher implements FaultClient {

    /** Unconfirmed publishes at most. */
    static final int WINDOW = 1_000;

    static final Duration RETRY_DELAY = Duration.ofMillis(20);
    private static final Duration GATED_POLL = Duration.ofMillis(5);

    private final IoLoop loop;
    private final ConnectionParameters parameters;
    private final String queue;
    private final Ledger ledger;
    private final IdSource ids;
    private final PublishFailures failures;
    private final RecoveryClock clock;
    private final BasicPropertiesChoice properties;
    private final AtomicLong opens = new AtomicLong();

    private SelectConnection connection;
    private Channel channel;
    private int outstanding;
    private boolean pollScheduled;
    private volatile boolean stopping;

    /** Which properties each publish carries. */
    enum BasicPropertiesChoice {
        NONE,
        PERSISTENT
    }

    SelectPublisher(
            IoLoop loop,
            ConnectionParameters parameters,
            String queue,
            Ledger ledger,
            IdSource ids,
            PublishFailures failures,
            RecoveryClock clock,
            BasicPropertiesChoice properties) {
        this.loop = loop;
        this.parameters = parameters;
        this.queue = queue;
        this.ledger = ledger;
        this.ids = ids;
        this.failures = failures;
        this.clock = clock;
        this.properties = properties;
    }

    /** Connects (on the loop) and starts publishing. */
    void start() {
        loop.addCallbackThreadsafe(this::connect);
    }

    @Override
    public long opens() {
        return opens.get();
    }

    private void connect() {
        if (stopping) {
            return;
        }
        connection = new SelectConnection(parameters, this::onOpen, this::onOpenError, this::onClose, loop);
        connection.addOnWriteBufferDrainedCallback(c -> pump());
    }

    private void onOpen(Connection opened) {
        if (stopping) {
            opened.close();
            return;
        }
        opened.openChannel()
                .thenCompose(ch -> {
                    channel = ch;
                    return ch.confirmDelivery();
                })
                .whenComplete((ok, error) -> {
                    if (error == null && !stopping) {
                        opens.incrementAndGet();
                        pump();
                    }
                    // on error the connection is closing: onClose reconnects
                });
    }

    private void onOpenError(Connection failed, AmqpConnectionException error) {
        retryLater();
    }

    private void onClose(Connection closed, AmqpConnectionException reason) {
        channel = null;
        retryLater();
    }

    private void retryLater() {
        if (!stopping) {
            loop.callLater(RETRY_DELAY, this::connect);
        }
    }

    private void pump() {
        Channel ch = channel;
        while (ch != null && ch.isOpen() && outstanding < WINDOW) {
            if (!connection.isWritable()) {
                return; // the write-buffer-drained callback pumps again
            }
            Long next = ids.poll();
            if (next == null) {
                if (!ids.drained() && !pollScheduled) {
                    pollScheduled = true; // gated by the allowance: look again shortly
                    loop.callLater(GATED_POLL, () -> {
                        pollScheduled = false;
                        pump();
                    });
                }
                return;
            }
            long id = next;
            ledger.published(id);
            outstanding++;
            CompletableFuture<Void> confirmed;
            try {
                confirmed = ch.basicPublishConfirmed(
                        "",
                        queue,
                        Messages.body(id),
                        properties == BasicPropertiesChoice.PERSISTENT ? Messages.PERSISTENT : null);
            } catch (RuntimeException e) {
                settle(id, e);
                return;
            }
            confirmed.whenComplete((ok, error) -> settle(id, error));
        }
    }

    private void settle(long id, Throwable error) {
        outstanding--;
        if (error == null) {
            ledger.confirmed(id);
            clock.published();
        } else {
            Throwable cause = failures.record(error);
            if (cause instanceof NackException) {
                ledger.nacked(id);
            } else {
                ledger.failedBack(id);
            }
            ids.retry(id);
        }
        if (channel != null) {
            pump();
        }
    }

    @Override
    public void close() {
        stopping = true;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.addCallbackThreadsafe(() -> {
            if (connection != null && connection.isOpen()) {
                connection.addOnCloseCallback((c, reason) -> closed.complete(null));
                connection.close();
            } else {
                closed.complete(null);
            }
        });
        Waits.await("publisher connection closed", closed, Waits.CLOSE_TIMEOUT);
    }
}
