package dev.pika.spring.core;

import dev.pika.channel.Channel;
import dev.pika.connection.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Declares a list of entities on one connection, one after the other on one channel; when the broker
 * refuses one (which closes the channel) the refusal is recorded and the run goes on with the next
 * entity on a new channel, so that every problem is reported at once.
 *
 * <p>Confined to the connection's I/O thread: created, started and advanced there (the core's futures
 * complete on it).
 */
final class DeclarationRun {

    private final Connection connection;
    private final List<Declarable> declarables;
    private final List<DeclarationException> failures = new ArrayList<>();
    private final CompletableFuture<List<DeclarationException>> done = new CompletableFuture<>();
    private Channel channel;
    private int next;

    private DeclarationRun(Connection connection, List<Declarable> declarables) {
        this.connection = connection;
        this.declarables = declarables;
    }

    /**
     * Declares every entity, in order.
     *
     * @param connection the open core connection (I/O thread)
     * @param declarables the entities
     * @return completed with the refusals (empty when all went well); failed only when no channel could
     *     be opened at all (the connection was lost)
     */
    static CompletableFuture<List<DeclarationException>> declare(Connection connection, List<Declarable> declarables) {
        DeclarationRun run = new DeclarationRun(connection, declarables);
        run.advance();
        return run.done;
    }

    private void advance() {
        if (next == declarables.size()) {
            Channels.closeQuietly(channel);
            done.complete(failures);
            return;
        }
        if (channel == null || !channel.isOpen()) {
            CompletableFuture<Channel> opening;
            try {
                opening = connection.openChannel();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            opening.whenComplete((opened, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    channel = opened;
                    advance();
                }
            });
            return;
        }
        Declarable declarable = declarables.get(next++);
        CompletableFuture<?> reply;
        try {
            reply = Declarations.declare(channel, declarable, false);
        } catch (RuntimeException e) {
            failures.add(new DeclarationException(declarable.describe(), e));
            advance();
            return;
        }
        reply.whenComplete((ok, error) -> {
            if (error != null) {
                failures.add(new DeclarationException(declarable.describe(), unwrap(error)));
                if (!connection.isOpen()) {
                    done.completeExceptionally(unwrap(error));
                    return;
                }
            }
            advance();
        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
