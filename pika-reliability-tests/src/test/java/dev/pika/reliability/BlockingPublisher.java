package dev.pika.reliability;

import dev.pika.BasicProperties;
import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.NackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confirmed publishing on a {@link BlockingConnection}, the way an application does it: {@code threads} threads share
 * one channel in confirm mode (each {@code basicPublish} returns once its message is confirmed, so the threads keep
 * that many publishes in flight); a publish that throws is recorded as failed back and its id is republished; the
 * first thread that sees a failure reconnects (plain exceptions and a retry loop) while the others wait for it; an
 * idle thread checks {@code isOpen()} so that a connection lost between publishes is replaced too.
 *
 * <p>Threading: thread-safe; the publishing threads are its own, {@link #close()} may be called from any thread.
 */
final class BlockingPublisher implements FaultClient {

    static final Duration RETRY_DELAY = Duration.ofMillis(20);
    private static final Duration TAKE_WAIT = Duration.ofMillis(50);

    private final ConnectionParameters parameters;
    private final String queue;
    private final Ledger ledger;
    private final IdSource ids;
    private final PublishFailures failures;
    private final RecoveryClock clock;
    private final BasicProperties properties;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private volatile boolean stopping;

    private BlockingConnection connection;
    private BlockingChannel channel;
    private long session;

    BlockingPublisher(
            ConnectionParameters parameters,
            String queue,
            Ledger ledger,
            IdSource ids,
            PublishFailures failures,
            RecoveryClock clock,
            BasicProperties properties,
            int threadCount) {
        this.parameters = parameters;
        this.queue = queue;
        this.ledger = ledger;
        this.ids = ids;
        this.failures = failures;
        this.clock = clock;
        this.properties = properties;
        for (int i = 0; i < threadCount; i++) {
            threads.add(new Thread(this::publishLoop, "fault-publisher-" + i));
        }
    }

    /** Starts the publishing threads. */
    void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public long opens() {
        return opens.get();
    }

    /** Connection attempts that failed (the broker was unreachable for a while). */
    long connectFailures() {
        return connectFailures.get();
    }

    private record Session(long number, BlockingConnection connection, BlockingChannel channel) {}

    /** The current channel, reconnecting first if there is none; {@code null} when stopping. */
    private synchronized Session session() throws InterruptedException {
        while (channel == null && !stopping) {
            BlockingConnection opened = null;
            try {
                opened = new BlockingConnection(parameters);
                BlockingChannel ch = opened.channel();
                ch.confirmDelivery();
                connection = opened;
                channel = ch;
                session++;
                opens.incrementAndGet();
            } catch (AmqpException e) {
                connectFailures.incrementAndGet();
                closeQuietly(opened);
                wait(RETRY_DELAY.toMillis());
            }
        }
        return stopping ? null : new Session(session, connection, channel);
    }

    /** Drops the session after a failure, unless another thread already replaced it. */
    private synchronized void failed(Session failed) {
        if (failed.number() == session && channel != null) {
            channel = null;
            closeQuietly(connection);
            connection = null;
        }
    }

    private void publishLoop() {
        try {
            while (!stopping) {
                Session current = session();
                if (current == null) {
                    return;
                }
                Long next = ids.take(TAKE_WAIT);
                if (next == null) {
                    // idle (nothing allowed to publish yet): notice a lost connection now, as an application
                    // watching isOpen() would, instead of at the next publish
                    if (!current.connection().isOpen()) {
                        failed(current);
                    }
                    continue;
                }
                long id = next;
                ledger.published(id);
                try {
                    current.channel().basicPublish("", queue, Messages.body(id), properties);
                    ledger.confirmed(id);
                    clock.published();
                } catch (RuntimeException e) {
                    Throwable cause = failures.record(e);
                    if (cause instanceof NackException) {
                        ledger.nacked(id);
                    } else {
                        ledger.failedBack(id);
                        failed(current);
                    }
                    ids.retry(id);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(BlockingConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // it failed already: close() only waited for its I/O thread
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (this) {
            notifyAll();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Waits.CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not end within " + Waits.CLOSE_TIMEOUT);
            }
        }
        synchronized (this) {
            closeQuietly(connection);
            connection = null;
            channel = null;
        }
    }
}
