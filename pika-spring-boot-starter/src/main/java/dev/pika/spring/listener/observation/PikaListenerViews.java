package dev.pika.spring.listener.observation;

import java.util.List;

/**
 * The listener containers as health and metrics see them. The container registry implements it and
 * is a bean; the {@code pika} health contributor lists every snapshot, and the in-flight and worker
 * gauges add them up per connection.
 *
 * <p>Threading: called from any thread (health requests, metrics scrapes), concurrently; it must not
 * block, take locks held while doing I/O, or wait for the I/O thread: build each snapshot from the
 * container's volatile and atomic fields. The health contributor still bounds the call with its
 * timeout.
 */
@FunctionalInterface
public interface PikaListenerViews {

    /**
     * A snapshot of every listener container, running or not, in registration order.
     *
     * @return an immutable list, empty when there are no listeners
     */
    List<PikaListenerSnapshot> getListenerSnapshots();
}
