package dev.pika.reliability;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.exceptions.AmqpException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Consumes a queue with manual acks through a {@link BlockingConnection} given every address of a cluster: when the
 * connection fails ({@code startConsuming()} throws), a new connection fails over to the first address that answers
 * and consumes again. Records every delivery with its redelivered flag in a {@link DeliveryRecorder}.
 *
 * <p>Runs on its own thread ({@code failover-consumer}); {@link #close()} from the test's thread stops it through
 * {@link BlockingConnection#addCallbackThreadsafe}.
 */
final class FailoverConsumer implements AutoCloseable {

    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final List<ConnectionParameters> addresses;
    private final String queue;
    private final DeliveryRecorder ledger;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile BlockingConnection current;
    private volatile BlockingChannel currentChannel;
    private volatile int connections;
    private volatile Throwable unexpected;

    FailoverConsumer(List<ConnectionParameters> addresses, String queue, DeliveryRecorder ledger) {
        this.addresses = List.copyOf(addresses);
        this.queue = queue;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "failover-consumer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** How many connections were opened. */
    int connections() {
        return connections;
    }

    /** A failure that was not a typed {@link AmqpException}, or {@code null}. */
    Throwable unexpected() {
        return unexpected;
    }

    private void run() {
        try {
            while (!stopped) {
                try (BlockingConnection connection = new BlockingConnection(addresses)) {
                    current = connection;
                    connections++;
                    BlockingChannel channel = connection.channel();
                    currentChannel = channel;
                    channel.basicQos(200);
                    channel.basicConsume(queue, (ch, deliver, properties, body) -> {
                        ledger.consumed(Messages.id(body), deliver.redelivered());
                        ch.basicAck(deliver.deliveryTag());
                    });
                    if (stopped) {
                        return;
                    }
                    channel.startConsuming();
                } catch (AmqpException e) {
                    current = null;
                    if (!stopped) {
                        TimeUnit.NANOSECONDS.sleep(RECONNECT_PAUSE.toNanos());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            unexpected = e;
        }
    }

    @Override
    public void close() {
        stopped = true;
        BlockingConnection connection = current;
        BlockingChannel channel = currentChannel;
        if (connection != null && channel != null) {
            try {
                connection.addCallbackThreadsafe(channel::stopConsuming);
            } catch (AmqpException e) {
                // it failed meanwhile: the loop sees stopped
            }
        }
        try {
            thread.join(Waits.CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
