package dev.pika.spring.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Several declarations in one bean, for topologies built in a loop:
 *
 * <pre>{@code
 * @Bean Declarables shards() {
 *     Exchange exchange = Exchange.direct("shards").build();
 *     List<Declarable> all = new ArrayList<>(List.of(exchange));
 *     for (int i = 0; i < 4; i++) {
 *         Queue queue = Queue.durable("shard-" + i).build();
 *         all.add(queue);
 *         all.add(Binding.bind(queue).to(exchange).with(String.valueOf(i)));
 *     }
 *     return new Declarables(all);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param declarables the declarations, in any order (exchanges are declared first, then queues, then
 *     bindings)
 */
public record Declarables(List<Declarable> declarables) {

    /** Copies the list. */
    public Declarables {
        declarables = List.copyOf(Objects.requireNonNull(declarables, "declarables must not be null"));
    }

    /**
     * Groups declarations.
     *
     * @param declarables the declarations
     */
    public Declarables(Declarable... declarables) {
        this(Arrays.asList(declarables));
    }

    /**
     * Groups declarations.
     *
     * @param declarables the declarations
     * @return the group
     */
    public static Declarables of(Collection<? extends Declarable> declarables) {
        return new Declarables(List.copyOf(declarables));
    }
}
