package dev.pika.benchmarks.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Queues held in the JVM, shared by every {@link FakeDriver} connection of the process.
 *
 * <p>Thread-safe.
 */
final class FakeBroker {

    static final FakeBroker INSTANCE = new FakeBroker();

    /** Like a broker's flow control: a full queue makes publishers wait. */
    private static final int CAPACITY = 50_000;

    private final ConcurrentHashMap<String, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();

    void declare(String queue) {
        queues.computeIfAbsent(queue, name -> new LinkedBlockingQueue<>(CAPACITY));
    }

    void delete(String queue) {
        queues.remove(queue);
    }

    boolean exists(String queue) {
        return queues.containsKey(queue);
    }

    /**
     * Publishes, waiting while the queue is full.
     *
     * @return false when the queue does not exist (the message is unroutable)
     */
    boolean publish(String queue, byte[] body, BooleanSupplier giveUp) throws InterruptedException {
        BlockingQueue<byte[]> target = queues.get(queue);
        if (target == null) {
            return false;
        }
        while (!target.offer(body, 5, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return true;
            }
        }
        return true;
    }

    byte[] poll(String queue, long timeoutMillis) throws InterruptedException {
        BlockingQueue<byte[]> source = queues.get(queue);
        if (source == null) {
            Thread.sleep(timeoutMillis);
            return null;
        }
        return source.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
