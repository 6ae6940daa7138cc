package dev.pika.spring.actuate.metrics;

import dev.pika.MetricsCollector;

/**
 * Two collectors called one after the other: the application's own (set by an earlier {@code
 * ConnectionParametersCustomizer}) and the starter's Micrometer one, so that neither replaces the
 * other. What the first throws does not keep the second from running (the engine logs it).
 *
 * <p>Immutable; as thread-safe as the two collectors.
 */
final class CombinedMetricsCollector implements MetricsCollector {

    private final MetricsCollector first;
    private final MetricsCollector second;

    CombinedMetricsCollector(MetricsCollector first, MetricsCollector second) {
        this.first = first;
        this.second = second;
    }

    MetricsCollector first() {
        return first;
    }

    MetricsCollector second() {
        return second;
    }

    @Override
    public void connectionOpened(String connection) {
        try {
            first.connectionOpened(connection);
        } finally {
            second.connectionOpened(connection);
        }
    }

    @Override
    public void connectionClosed(String connection) {
        try {
            first.connectionClosed(connection);
        } finally {
            second.connectionClosed(connection);
        }
    }

    @Override
    public void channelOpened(String connection, int channelNumber) {
        try {
            first.channelOpened(connection, channelNumber);
        } finally {
            second.channelOpened(connection, channelNumber);
        }
    }

    @Override
    public void channelClosed(String connection, int channelNumber) {
        try {
            first.channelClosed(connection, channelNumber);
        } finally {
            second.channelClosed(connection, channelNumber);
        }
    }

    @Override
    public void published(String connection, int bodySize) {
        try {
            first.published(connection, bodySize);
        } finally {
            second.published(connection, bodySize);
        }
    }

    @Override
    public void publishAcked(String connection, int count) {
        try {
            first.publishAcked(connection, count);
        } finally {
            second.publishAcked(connection, count);
        }
    }

    @Override
    public void publishNacked(String connection, int count) {
        try {
            first.publishNacked(connection, count);
        } finally {
            second.publishNacked(connection, count);
        }
    }

    @Override
    public void returned(String connection) {
        try {
            first.returned(connection);
        } finally {
            second.returned(connection);
        }
    }

    @Override
    public void consumed(String connection, boolean redelivered, int bodySize) {
        try {
            first.consumed(connection, redelivered, bodySize);
        } finally {
            second.consumed(connection, redelivered, bodySize);
        }
    }

    @Override
    public void acked(String connection, int count) {
        try {
            first.acked(connection, count);
        } finally {
            second.acked(connection, count);
        }
    }

    @Override
    public void nacked(String connection, int count, boolean requeue) {
        try {
            first.nacked(connection, count, requeue);
        } finally {
            second.nacked(connection, count, requeue);
        }
    }

    @Override
    public void rejected(String connection, boolean requeue) {
        try {
            first.rejected(connection, requeue);
        } finally {
            second.rejected(connection, requeue);
        }
    }

    @Override
    public void heartbeatTimeout(String connection) {
        try {
            first.heartbeatTimeout(connection);
        } finally {
            second.heartbeatTimeout(connection);
        }
    }

    @Override
    public void blocked(String connection, String reason) {
        try {
            first.blocked(connection, reason);
        } finally {
            second.blocked(connection, reason);
        }
    }

    @Override
    public void unblocked(String connection) {
        try {
            first.unblocked(connection);
        } finally {
            second.unblocked(connection);
        }
    }

    @Override
    public String toString() {
        return "CombinedMetricsCollector[" + first + ", " + second + "]";
    }
}
