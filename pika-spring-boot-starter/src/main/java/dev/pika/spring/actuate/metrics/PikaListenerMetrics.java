package dev.pika.spring.actuate.metrics;

import dev.pika.spring.listener.observation.PikaListenerInvocation;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code <prefix>.listener} timer: how long each listener took to process a delivery (retries
 * included), tagged {@code listener.id}, {@code queue}, {@code result} ({@code success} or {@code
 * failure}) and {@code exception} (the simple class name of the listener's exception, {@code none} on
 * success). A {@link PikaListenerInvocationObserver} that the listener containers call, and a {@link
 * MeterBinder}.
 *
 * <p>Thread-safe: called from every worker thread at once. The timer of each tag combination is
 * resolved once and cached; an invocation costs a clock read at each end and one cache lookup.
 */
public class PikaListenerMetrics implements PikaListenerInvocationObserver, MeterBinder {

    /** Value of the {@code result} tag when the listener returned normally: {@value}. */
    public static final String SUCCESS = "success";

    /** Value of the {@code result} tag when the listener failed: {@value}. */
    public static final String FAILURE = "failure";

    private final PikaMeterNames names;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /**
     * Creates the timer's binder.
     *
     * @param names the meter names
     */
    public PikaListenerMetrics(PikaMeterNames names) {
        this.names = Objects.requireNonNull(names, "names must not be null");
    }

    @Override
    public void bindTo(MeterRegistry target) {
        Objects.requireNonNull(target, "target must not be null");
        registry.add(target);
    }

    @Override
    public Invocation start(PikaListenerInvocation invocation) {
        long start = registry.config().clock().monotonicTime();
        return new Invocation() {
            @Override
            public void success() {
                record(invocation, SUCCESS, PikaMeterNames.NONE, start);
            }

            @Override
            public void failure(Throwable error) {
                record(invocation, FAILURE, exceptionName(error), start);
            }
        };
    }

    private void record(PikaListenerInvocation invocation, String result, String exception, long start) {
        long elapsed = registry.config().clock().monotonicTime() - start;
        TimerKey key = new TimerKey(invocation.listenerId(), invocation.queue(), result, exception);
        timers.computeIfAbsent(key, this::register).record(elapsed, TimeUnit.NANOSECONDS);
    }

    private Timer register(TimerKey key) {
        return Timer.builder(names.listener())
                .description("Time a listener took to process a delivery, retries included")
                .tag(PikaMeterNames.LISTENER_ID_TAG, key.listenerId())
                .tag(PikaMeterNames.QUEUE_TAG, key.queue())
                .tag(PikaMeterNames.RESULT_TAG, key.result())
                .tag(PikaMeterNames.EXCEPTION_TAG, key.exception())
                .register(registry);
    }

    static String exceptionName(Throwable error) {
        if (error == null) {
            return PikaMeterNames.NONE;
        }
        String simple = error.getClass().getSimpleName();
        return simple.isEmpty() ? error.getClass().getName() : simple;
    }

    @Override
    public String toString() {
        return "PikaListenerMetrics[" + names.listener() + "]";
    }

    private record TimerKey(String listenerId, String queue, String result, String exception) {}
}
