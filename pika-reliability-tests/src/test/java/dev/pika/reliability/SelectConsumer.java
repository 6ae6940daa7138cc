package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;
import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import dev.pika.spec.Basic;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manual-ack consumer on a {@link SelectConnection}: records every delivery (id and redelivered flag) in the
 * {@link Ledger}, then acks it; reconnects on its loop whenever the connection closes.
 *
 * <p>Threading: all state is confined to the loop's thread; {@link #opens()} and {@link #close()} may be called from
 * any thread.
 */
final class SelectConsumer implements FaultClient {

    static final int PREFETCH = 200;
    static final Duration RETRY_DELAY = Duration.ofMillis(20);

    private final IoLoop loop;
    private final ConnectionParameters parameters;
    private final String queue;
    private final Ledger ledger;
    private final RecoveryClock clock;
    private final AtomicLong opens = new AtomicLong();

    private SelectConnection connection;
    private volatile boolean stopping;

    SelectConsumer(IoLoop loop, ConnectionParameters parameters, String queue, Ledger ledger, RecoveryClock clock) {
        this.loop = loop;
        this.parameters = parameters;
        this.queue = queue;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Connects (on the loop) and starts consuming. */
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
        connection = new SelectConnection(
                parameters, this::onOpen, (c, error) -> retryLater(), (c, reason) -> retryLater(), loop);
    }

    private void onOpen(Connection opened) {
        if (stopping) {
            opened.close();
            return;
        }
        opened.openChannel()
                .thenCompose(
                        ch -> ch.basicQos(PREFETCH).thenCompose(ok -> ch.basicConsumeFuture(queue, this::onMessage)))
                .whenComplete((ok, error) -> {
                    if (error == null && !stopping) {
                        opens.incrementAndGet();
                    }
                });
    }

    private void onMessage(Channel channel, Basic.Deliver method, dev.pika.BasicProperties properties, byte[] body) {
        ledger.consumed(Messages.id(body), method.redelivered());
        clock.consumed();
        channel.basicAck(method.deliveryTag());
    }

    private void retryLater() {
        if (!stopping) {
            loop.callLater(RETRY_DELAY, this::connect);
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
        Waits.await("consumer connection closed", closed, Waits.CLOSE_TIMEOUT);
    }
}
