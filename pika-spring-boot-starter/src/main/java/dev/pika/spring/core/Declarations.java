package dev.pika.spring.core;

import dev.pika.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Maps the declaration types to the channel's methods, and orders declarations so that what a binding
 * needs exists before it: exchanges, then queues, then bindings.
 *
 * <p>Stateless; {@link #declare} is called on the connection's I/O thread (the channel's rule).
 */
final class Declarations {

    private Declarations() {}

    /**
     * Sends the declaration.
     *
     * @param channel an open channel (I/O thread)
     * @param declarable what to declare
     * @param passive whether to only check that the entity exists (queues and exchanges)
     * @return the broker's reply
     */
    static CompletableFuture<?> declare(Channel channel, Declarable declarable, boolean passive) {
        if (declarable instanceof Queue q) {
            return channel.queueDeclare(q.name(), passive, q.durable(), q.exclusive(), q.autoDelete(), q.arguments());
        }
        if (declarable instanceof Exchange e) {
            return channel.exchangeDeclare(
                    e.name(), e.type(), passive, e.durable(), e.autoDelete(), e.internal(), e.arguments());
        }
        Binding b = (Binding) declarable;
        return b.destinationType() == Binding.DestinationType.QUEUE
                ? channel.queueBind(b.destination(), b.exchange(), b.routingKey(), b.arguments())
                : channel.exchangeBind(b.destination(), b.exchange(), b.routingKey(), b.arguments());
    }

    /**
     * Orders declarations: exchanges, then queues, then bindings, each group in its given order;
     * duplicates (equal values) are kept once.
     *
     * @param declarables the declarations
     * @return a new list
     */
    static List<Declarable> ordered(Collection<? extends Declarable> declarables) {
        List<Declarable> exchanges = new ArrayList<>();
        List<Declarable> queues = new ArrayList<>();
        List<Declarable> bindings = new ArrayList<>();
        for (Declarable declarable : declarables) {
            List<Declarable> group =
                    declarable instanceof Exchange ? exchanges : declarable instanceof Queue ? queues : bindings;
            if (!group.contains(declarable)) {
                group.add(declarable);
            }
        }
        List<Declarable> result = new ArrayList<>(exchanges);
        result.addAll(queues);
        result.addAll(bindings);
        return result;
    }
}
