package dev.pika.examples.select;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pika.ConnectionParameters;
import dev.pika.adapters.select.IoLoop;
import dev.pika.adapters.select.SelectConnection;

/**
 * The README's {@code SelectConnection} quick start: connect, open a channel, declare a queue, consume from it,
 * publish one message to it, and close once the message came back, all from callbacks on the loop's thread; the
 * close callback stops the loop, and {@code main} returns.
 *
 * <p>Threading: everything runs on the thread that calls {@code main} (it runs the loop).
 */
public final class QuickStart {

    private QuickStart() {}

    /**
     * Runs the round trip.
     *
     * @param args the broker URL (default {@code amqp://guest:guest@localhost:5672/%2F}) and the queue name (default
     *     {@code hello})
     */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "amqp://guest:guest@localhost:5672/%2F";
        String queue = args.length > 1 ? args[1] : "hello";

        IoLoop loop = new IoLoop();
        new SelectConnection(
                ConnectionParameters.fromUrl(url),
                connection -> connection.channel(channel ->
                        channel.queueDeclare(queue, false, false, false, true, null, declareOk -> {
                            channel.basicConsume(queue, (ch, deliver, properties, body) -> {
                                System.out.println("Received " + new String(body, UTF_8));
                                ch.basicAck(deliver.deliveryTag());
                                connection.close(); // closes the channel, then the connection
                            });
                            channel.basicPublish("", queue, "Hello World!".getBytes(UTF_8));
                        })),
                (connection, error) -> {
                    System.err.println("Cannot connect: " + error.getMessage());
                    loop.stop();
                },
                (connection, reason) -> loop.stop(),
                loop);
        loop.start(); // runs the callbacks until stop()
        loop.close();
    }
}
