package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.blocking.BlockingChannel;
import dev.pika.adapters.blocking.BlockingConnection;
import dev.pika.adapters.blocking.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's BlockingConnection quick start, compiled and run by {@code QuickStartIT}: declare a queue, publish,
 * consume with a callback, then with the consume iterator. Stateless; {@link #run} uses the calling thread.
 */
public final class QuickStart {

    private QuickStart() {}

    /**
     * Runs the quick start against a broker.
     *
     * @param parameters where the broker is
     * @param queue the queue to use
     * @return what was received: first by the callback, then by the iterator
     */
    public static List<String> run(ConnectionParameters parameters, String queue) {
        List<String> received = new ArrayList<>();
        try (BlockingConnection connection = new BlockingConnection(parameters)) {
            BlockingChannel channel = connection.channel();
            channel.queueDeclare(queue);
            channel.basicPublish("", queue, "Hello World!".getBytes(StandardCharsets.UTF_8));

            // Callbacks, as Pika's basic_consume + start_consuming:
            channel.basicConsume(queue, (ch, method, properties, body) -> {
                received.add(new String(body, StandardCharsets.UTF_8));
                ch.basicAck(method.deliveryTag());
                ch.stopConsuming();
            });
            channel.startConsuming();

            // Or the consume generator, as an Iterable (Delivery.isEmpty() after 5 s without messages):
            channel.basicPublish("", queue, "Hello again!".getBytes(StandardCharsets.UTF_8));
            for (Delivery delivery : channel.consume(queue, Duration.ofSeconds(5))) {
                if (delivery.isEmpty()) {
                    break;
                }
                received.add(new String(delivery.body(), StandardCharsets.UTF_8));
                channel.basicAck(delivery.deliveryTag());
                break;
            }
            channel.cancel();
            channel.queueDelete(queue);
        }
        return received;
    }

    /**
     * Runs the quick start and prints what it received.
     *
     * @param args the broker's AMQP URL (default {@code amqp://guest:guest@localhost:5672/%2F})
     */
    public static void main(String[] args) {
        System.out.println("Received " + run(Examples.parameters(args), "hello"));
    }
}
