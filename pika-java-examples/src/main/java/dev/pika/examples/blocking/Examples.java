package dev.pika.examples.blocking;

import dev.pika.ConnectionParameters;

/** What every example's {@code main} shares: the broker URL argument and Ctrl-C handling. Stateless. */
final class Examples {

    /** The broker the examples use without an argument. */
    static final String DEFAULT_URL = "amqp://guest:guest@localhost:5672/%2F";

    private Examples() {}

    /** The connection parameters of {@code args[0]}, an AMQP URL, or of {@link #DEFAULT_URL}. */
    static ConnectionParameters parameters(String[] args) {
        return ConnectionParameters.fromUrl(args.length > 0 ? args[0] : DEFAULT_URL);
    }

    /** On Ctrl-C: runs {@code stop} and waits (at most 30 s) for the calling thread to finish its example. */
    static void stopOnShutdown(Runnable stop) {
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.run();
                            try {
                                main.join(30_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "example-shutdown"));
    }
}
