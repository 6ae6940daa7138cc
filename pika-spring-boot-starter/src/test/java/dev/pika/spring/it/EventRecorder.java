package dev.pika.spring.it;

import dev.pika.spring.connection.event.PikaConnectionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationListener;

/** Records the connection events an application receives; waits for one with a bound. */
final class EventRecorder implements ApplicationListener<PikaConnectionEvent> {

    private final List<PikaConnectionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void onApplicationEvent(PikaConnectionEvent event) {
        events.add(event);
        notifyAll();
    }

    List<PikaConnectionEvent> events() {
        return List.copyOf(events);
    }

    <E extends PikaConnectionEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized <E extends PikaConnectionEvent> E await(Class<E> type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(type).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "no " + count + " " + type.getSimpleName() + " within " + timeout + "; events: " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return of(type).get(count - 1);
    }
}
