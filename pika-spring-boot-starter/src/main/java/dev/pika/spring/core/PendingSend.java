package dev.pika.spring.core;

import dev.pika.BasicProperties;
import java.util.concurrent.CompletableFuture;

/**
 * One send on its way: what to publish and the future the caller holds. Created on the sending
 * thread, then handed to the I/O thread (the loop's queue publishes it safely), which alone touches
 * the mutable fields.
 */
final class PendingSend {

    final String exchange;
    final String routingKey;
    final BasicProperties properties;
    final CompletableFuture<Void> result = new CompletableFuture<>();

    /** I/O thread: released once settled. */
    byte[] body;
    /** I/O thread: when the confirm timeout passes ({@code IoServices.nanoTime}). */
    long deadlineNanos;
    /** I/O thread: completed or failed (by the template; the caller may also cancel the future). */
    boolean settled;

    PendingSend(String exchange, String routingKey, byte[] body, BasicProperties properties) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.body = body;
        this.properties = properties;
    }
}
