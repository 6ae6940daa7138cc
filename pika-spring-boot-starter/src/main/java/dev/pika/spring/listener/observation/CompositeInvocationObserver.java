package dev.pika.spring.listener.observation;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@link PikaListenerInvocationObserver#composite(List)}: starts in order, ends in reverse order, and
 * logs what an observer throws. Immutable and thread-safe; each returned handle belongs to one thread.
 */
final class CompositeInvocationObserver implements PikaListenerInvocationObserver {

    private static final Log LOG = LogFactory.getLog(PikaListenerInvocationObserver.class);

    private final PikaListenerInvocationObserver[] observers;

    CompositeInvocationObserver(List<PikaListenerInvocationObserver> observers) {
        this.observers = observers.toArray(new PikaListenerInvocationObserver[0]);
    }

    @Override
    public Invocation start(PikaListenerInvocation invocation) {
        List<Invocation> started = new ArrayList<>(observers.length);
        for (PikaListenerInvocationObserver observer : observers) {
            try {
                Invocation handle = observer.start(invocation);
                if (handle != null) {
                    started.add(handle);
                }
            } catch (RuntimeException e) {
                LOG.warn("PikaListenerInvocationObserver " + observer + " failed to start; ignored", e);
            }
        }
        return new Invocation() {
            @Override
            public void success() {
                for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                        started.get(i).success();
                    } catch (RuntimeException e) {
                        LOG.warn("PikaListenerInvocationObserver failed to end an invocation; ignored", e);
                    }
                }
            }

            @Override
            public void failure(Throwable error) {
                for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                        started.get(i).failure(error);
                    } catch (RuntimeException e) {
                        LOG.warn("PikaListenerInvocationObserver failed to end an invocation; ignored", e);
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        return "CompositeInvocationObserver" + List.of(observers);
    }
}
