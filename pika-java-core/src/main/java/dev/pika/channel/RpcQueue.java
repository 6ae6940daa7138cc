package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpException;
import dev.pika.spec.Method;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Serialises a channel's synchronous methods, as Pika's {@code Channel._rpc}: at most one request that expects a
 * reply is on the wire; requests made meanwhile (including {@code nowait} ones, to keep their order) wait in a FIFO
 * and go out, in order, when the reply arrives. Asynchronous methods (publish, acknowledgements) do not pass through
 * here.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class RpcQueue {

    /** Runs when the reply of a request arrives; {@code properties} and {@code body} are set for {@code Basic.GetOk}. */
    @FunctionalInterface
    interface ReplyHandler {
        void onReply(Method reply, BasicProperties properties, byte[] body);
    }

    /** Puts a request on the wire. */
    @FunctionalInterface
    interface Sender {
        void send(Method request);
    }

    /** One request: what to send, which replies complete it, and who hears of it. */
    static final class Call {
        final Method request;
        final Class<? extends Method> reply;
        final Class<? extends Method> alternativeReply;
        final ReplyHandler handler;
        final CompletableFuture<?> future;

        /**
         * @param request the method to send
         * @param reply the reply that completes it, or {@code null} for a {@code nowait} request
         * @param alternativeReply a second possible reply ({@code Basic.GetEmpty}), or {@code null}
         * @param handler runs with the reply, or {@code null}
         * @param future failed with the channel's close reason if the reply never comes, or {@code null}
         */
        Call(
                Method request,
                Class<? extends Method> reply,
                Class<? extends Method> alternativeReply,
                ReplyHandler handler,
                CompletableFuture<?> future) {
            this.request = request;
            this.reply = reply;
            this.alternativeReply = alternativeReply;
            this.handler = handler;
            this.future = future;
        }

        boolean expectsReply() {
            return reply != null;
        }

        boolean acceptsReply(Method method) {
            return reply.isInstance(method) || (alternativeReply != null && alternativeReply.isInstance(method));
        }
    }

    private final Sender sender;
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private Call inFlight;

    RpcQueue(Sender sender) {
        this.sender = sender;
    }

    /**
     * Sends the request now if no reply is awaited, else queues it behind the others. A request sent now that throws
     * (a full write buffer, an encoding error) leaves the queue as it was.
     */
    void submit(Call call) {
        if (inFlight != null) {
            waiting.add(call);
            return;
        }
        sender.send(call.request);
        if (call.expectsReply()) {
            inFlight = call;
        }
    }

    /** Whether {@code method} is the reply the request on the wire waits for. */
    boolean expects(Method method) {
        return inFlight != null && inFlight.acceptsReply(method);
    }

    /** The request on the wire, or {@code null}. */
    Method inFlightRequest() {
        return inFlight == null ? null : inFlight.request;
    }

    /**
     * Completes the request on the wire with its reply: first sends the queued requests up to the next one that
     * waits for a reply (as Pika does), then runs the completed request's handler. When sending a queued request
     * fails (a full outbound buffer), that request stays queued (so that {@link #failAll} still fails it), the
     * handler still runs, and the failure is rethrown.
     */
    void complete(Method reply, BasicProperties properties, byte[] body) {
        Call call = inFlight;
        inFlight = null;
        RuntimeException sendFailure = null;
        try {
            drain();
        } catch (RuntimeException e) {
            sendFailure = e;
        }
        if (call.handler != null) {
            call.handler.onReply(reply, properties, body);
        }
        if (sendFailure != null) {
            throw sendFailure;
        }
    }

    private void drain() {
        while (inFlight == null && !waiting.isEmpty()) {
            Call next = waiting.peek();
            sender.send(next.request);
            waiting.poll();
            if (next.expectsReply()) {
                inFlight = next;
            }
        }
    }

    /** Fails every pending future (sent or not) with {@code reason} and forgets every request. */
    void failAll(AmqpException reason) {
        Call call = inFlight;
        inFlight = null;
        if (call != null && call.future != null) {
            call.future.completeExceptionally(reason);
        }
        while (!waiting.isEmpty()) {
            Call next = waiting.poll();
            if (next.future != null) {
                next.future.completeExceptionally(reason);
            }
        }
    }

    /** Whether nothing is on the wire and nothing waits. */
    boolean isIdle() {
        return inFlight == null && waiting.isEmpty();
    }
}
