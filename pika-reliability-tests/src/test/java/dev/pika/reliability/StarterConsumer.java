package dev.pika.reliability;

import dev.pika.connection.Connection;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manual-ack consumer on a connection of its own from the starter's {@link PikaConnectionFactory}: every time the
 * connection opens (at start and after each recovery) its {@link PikaConnectionListener#onOpened} opens a channel,
 * sets the prefetch and consumes, recording each delivery in the {@link Ledger} and acking it on the I/O thread - the
 * way the docs tell a component to keep a channel across recoveries.
 *
 * <p>Threading: the consumer's work runs on the connection's I/O thread; {@link #opens()} and {@link #close()} any
 * thread.
 */
final class StarterConsumer implements FaultClient {

    static final int PREFETCH = 200;

    private final String queue;
    private final Ledger ledger;
    private final RecoveryClock clock;
    private final AtomicLong opens = new AtomicLong();
    private final String purpose;
    private volatile PikaConnection connection;
    private volatile boolean stopping;

    /**
     * Registers the listener on the factory, then creates the connection (so its first opening is seen too).
     *
     * @param purpose the connection's purpose word (its name is {@code <connection name>.<purpose>})
     */
    StarterConsumer(PikaConnectionFactory factory, String purpose, String queue, Ledger ledger, RecoveryClock clock) {
        this.queue = queue;
        this.ledger = ledger;
        this.clock = clock;
        this.purpose = purpose;
        factory.addConnectionListener(new PikaConnectionListener() {
            @Override
            public void onOpened(PikaConnection source, Connection amqpConnection, boolean recovered) {
                if (source.name().endsWith("." + StarterConsumer.this.purpose) && !stopping) {
                    subscribe(amqpConnection);
                }
            }
        });
        this.connection = factory.createConnection(purpose);
    }

    /** The consumer's connection. */
    PikaConnection connection() {
        return connection;
    }

    @Override
    public long opens() {
        return opens.get();
    }

    private void subscribe(Connection amqpConnection) {
        amqpConnection
                .openChannel()
                .thenCompose(channel -> channel.basicQos(PREFETCH)
                        .thenCompose(ok -> channel.basicConsumeFuture(queue, (ch, method, properties, body) -> {
                            ledger.consumed(Messages.id(body), method.redelivered());
                            clock.consumed();
                            ch.basicAck(method.deliveryTag());
                        })))
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        opens.incrementAndGet();
                    }
                    // on error the connection is being lost: the next onOpened subscribes again
                });
    }

    /** Stops subscribing; the connection itself closes with the application context. */
    @Override
    public void close() {
        stopping = true;
    }
}
