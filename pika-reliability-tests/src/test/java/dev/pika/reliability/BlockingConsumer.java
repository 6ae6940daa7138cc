package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manual-ack consumer on a {@link BlockingConnection}, on a thread of its own: {@code basicConsume} then {@code
 * startConsuming()}; each delivery is recorded in the {@link Ledger} (id and redelivered flag) and acked; when the
 * connection fails ({@code startConsuming} throws) it opens a new one after a short pause, as an application does.
 *
 * <p>Threading: thread-safe; {@link #close()} may be called from any thread.
 */
final class BlockingConsumer implements FaultClient {

    static final int PREFETCH = 200;
    static final Duration RETRY_DELAY = Duration.ofMillis(20);

    private final ConnectionParameters parameters;
    private final String queue;
    private final Ledger ledger;
    private final RecoveryClock clock;
    private final Thread thread;
    private final AtomicLong opens = new AtomicLong();
    private volatile boolean stopping;
    private volatile BlockingConnection connection;
    private volatile BlockingChannel channel;

    BlockingConsumer(ConnectionParameters parameters, String queue, Ledger ledger, RecoveryClock clock) {
        this.parameters = parameters;
        this.queue = queue;
        this.ledger = ledger;
        this.clock = clock;
        this.thread = new Thread(this::consumeLoop, "fault-consumer");
    }

    /** Starts the consuming thread. */
    void start() {
        thread.start();
    }

    @Override
    public long opens() {
        return opens.get();
    }

    private void consumeLoop() {
        while (!stopping) {
            BlockingConnection opened = null;
            try {
                opened = new BlockingConnection(parameters);
                connection = opened;
                BlockingChannel ch = opened.channel();
                ch.basicQos(PREFETCH);
                ch.basicConsume(queue, (c, method, properties, body) -> {
                    ledger.consumed(Messages.id(body), method.redelivered());
                    clock.consumed();
                    c.basicAck(method.deliveryTag());
                });
                channel = ch;
                opens.incrementAndGet();
                if (stopping) {
                    break;
                }
                ch.startConsuming();
            } catch (AmqpException e) {
                // the connection failed: reconnect
            } finally {
                channel = null;
                connection = null;
                if (opened != null) {
                    try {
                        opened.close();
                    } catch (RuntimeException ignored) {
                        // already failed
                    }
                }
            }
            if (!stopping) {
                try {
                    Thread.sleep(RETRY_DELAY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        BlockingConnection current = connection;
        BlockingChannel ch = channel;
        if (current != null && ch != null) {
            try {
                current.addCallbackThreadsafe(ch::stopConsuming);
            } catch (RuntimeException e) {
                // closed meanwhile: the loop sees stopping
            }
        }
        try {
            thread.join(Waits.CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the consumer thread did not end within " + Waits.CLOSE_TIMEOUT);
        }
    }
}
