package dev.pika.connection;

import dev.pika.MetricsCollector;
import dev.pika.internal.EngineLogger;

/**
 * Wraps the application's {@link MetricsCollector} so that a hook that throws is logged and ignored (the hooks run
 * on the I/O thread, inside the protocol state machines). {@link #guard} returns {@link MetricsCollector#NOOP}
 * itself, unwrapped.
 *
 * <p>Thread-safe when the wrapped collector is.
 */
final class GuardedMetrics implements MetricsCollector {

    private static final EngineLogger LOG = EngineLogger.get(MetricsCollector.class);

    private final MetricsCollector delegate;

    private GuardedMetrics(MetricsCollector delegate) {
        this.delegate = delegate;
    }

    static MetricsCollector guard(MetricsCollector collector) {
        return collector == MetricsCollector.NOOP ? collector : new GuardedMetrics(collector);
    }

    private static void failed(String hook, RuntimeException e) {
        LOG.callbackFailed("MetricsCollector." + hook, e);
    }

    @Override
    public void connectionOpened(String connection) {
        try {
            delegate.connectionOpened(connection);
        } catch (RuntimeException e) {
            failed("connectionOpened", e);
        }
    }

    @Override
    public void connectionClosed(String connection) {
        try {
            delegate.connectionClosed(connection);
        } catch (RuntimeException e) {
            failed("connectionClosed", e);
        }
    }

    @Override
    public void channelOpened(String connection, int channelNumber) {
        try {
            delegate.channelOpened(connection, channelNumber);
        } catch (RuntimeException e) {
            failed("channelOpened", e);
        }
    }

    @Override
    public void channelClosed(String connection, int channelNumber) {
        try {
            delegate.channelClosed(connection, channelNumber);
        } catch (RuntimeException e) {
            failed("channelClosed", e);
        }
    }

    @Override
    public void published(String connection, int bodySize) {
        try {
            delegate.published(connection, bodySize);
        } catch (RuntimeException e) {
            failed("published", e);
        }
    }

    @Override
    public void publishAcked(String connection, int count) {
        try {
            delegate.publishAcked(connection, count);
        } catch (RuntimeException e) {
            failed("publishAcked", e);
        }
    }

    @Override
    public void publishNacked(String connection, int count) {
        try {
            delegate.publishNacked(connection, count);
        } catch (RuntimeException e) {
            failed("publishNacked", e);
        }
    }

    @Override
    public void returned(String connection) {
        try {
            delegate.returned(connection);
        } catch (RuntimeException e) {
            failed("returned", e);
        }
    }

    @Override
    public void consumed(String connection, boolean redelivered, int bodySize) {
        try {
            delegate.consumed(connection, redelivered, bodySize);
        } catch (RuntimeException e) {
            failed("consumed", e);
        }
    }

    @Override
    public void acked(String connection, int count) {
        try {
            delegate.acked(connection, count);
        } catch (RuntimeException e) {
            failed("acked", e);
        }
    }

    @Override
    public void nacked(String connection, int count, boolean requeue) {
        try {
            delegate.nacked(connection, count, requeue);
        } catch (RuntimeException e) {
            failed("nacked", e);
        }
    }

    @Override
    public void rejected(String connection, boolean requeue) {
        try {
            delegate.rejected(connection, requeue);
        } catch (RuntimeException e) {
            failed("rejected", e);
        }
    }

    @Override
    public void heartbeatTimeout(String connection) {
        try {
            delegate.heartbeatTimeout(connection);
        } catch (RuntimeException e) {
            failed("heartbeatTimeout", e);
        }
    }

    @Override
    public void blocked(String connection, String reason) {
        try {
            delegate.blocked(connection, reason);
        } catch (RuntimeException e) {
            failed("blocked", e);
        }
    }

    @Override
    public void unblocked(String connection) {
        try {
            delegate.unblocked(connection);
        } catch (RuntimeException e) {
            failed("unblocked", e);
        }
    }
}
