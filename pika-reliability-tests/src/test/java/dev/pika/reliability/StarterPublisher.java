package dev.pika.reliability;

import dev.pika.exceptions.NackException;
import dev.pika.spring.connection.ConnectionUnavailableException;
import dev.pika.spring.connection.PikaConnection;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.PikaConnectionListener;
import dev.pika.spring.core.PikaTemplate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confirmed sends through the starter's {@link PikaTemplate} from one application thread, up to {@link #WINDOW} in
 * flight: each send's future is settled in the {@link Ledger} (confirmed, or failed back and republished). The
 * starter recovers the connection by itself; while it is not open the thread waits for it instead of failing sends
 * in a loop (a send racing the loss still fails fast with {@code ConnectionUnavailableException}, typed, is
 * republished, and the thread pauses {@value #CLOSED_WAIT_MILLIS} ms before the next send).
 *
 * <p>Threading: thread-safe; the publishing thread is its own, {@link #close()} may be called from any thread.
 */
final class StarterPublisher implements FaultClient {

    static final int WINDOW = 1_000;
    private static final Duration TAKE_WAIT = Duration.ofMillis(50);
    private static final long CLOSED_WAIT_MILLIS = 5;

    private final PikaTemplate template;
    private final PikaConnection connection;
    private final String queue;
    private final Ledger ledger;
    private final IdSource ids;
    private final PublishFailures failures;
    private final RecoveryClock clock;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong opens = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;
    /** Set when a send failed fast because the connection is recovering: pause before the next send. */
    private volatile boolean unavailable;

    StarterPublisher(
            PikaConnectionFactory factory,
            PikaTemplate template,
            String queue,
            Ledger ledger,
            IdSource ids,
            PublishFailures failures,
            RecoveryClock clock) {
        this.template = template;
        this.connection = factory.getConnection();
        this.queue = queue;
        this.ledger = ledger;
        this.ids = ids;
        this.failures = failures;
        this.clock = clock;
        connection.addListener(new PikaConnectionListener() {
            @Override
            public void onOpened(
                    PikaConnection source, dev.pika.connection.Connection amqpConnection, boolean recovered) {
                opens.incrementAndGet();
            }
        });
        if (connection.isOpen()) {
            opens.incrementAndGet(); // opened when the application started
        }
        this.thread = new Thread(this::publishLoop, "fault-template-publisher");
    }

    void start() {
        thread.start();
    }

    @Override
    public long opens() {
        return opens.get();
    }

    private void publishLoop() {
        try {
            while (!stopping) {
                if (unavailable || !connection.isOpen()) {
                    unavailable = false;
                    Thread.sleep(CLOSED_WAIT_MILLIS);
                    continue;
                }
                Long next = ids.take(TAKE_WAIT);
                if (next == null) {
                    continue;
                }
                long id = next;
                if (!window.tryAcquire(1, TimeUnit.MINUTES)) {
                    throw new AssertionError("no send settled within a minute: " + ledger.summary());
                }
                ledger.published(id);
                CompletableFuture<Void> sent;
                try {
                    sent = template.send("", queue, Messages.body(id));
                } catch (RuntimeException e) {
                    settle(id, e);
                    continue;
                }
                sent.whenComplete((ok, error) -> settle(id, error));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void settle(long id, Throwable error) {
        window.release();
        if (error == null) {
            ledger.confirmed(id);
            clock.published();
            return;
        }
        Throwable cause = failures.record(error);
        if (cause instanceof ConnectionUnavailableException) {
            unavailable = true;
        }
        if (cause instanceof NackException) {
            ledger.nacked(id);
        } else {
            ledger.failedBack(id);
        }
        ids.retry(id);
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Waits.CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the template publisher did not end within " + Waits.CLOSE_TIMEOUT);
        }
    }
}
