package dev.pika.spring.actuate.health;

import dev.pika.exceptions.AmqpHeartbeatTimeoutException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import dev.pika.frame.FieldValue;
import dev.pika.spring.connection.ConnectionSnapshot;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns snapshots into the health details (plain strings, numbers and maps, so every JSON mapper
 * writes them the same way) and failures into sentences.
 *
 * <p>Stateless; safe from any thread.
 */
final class HealthDetails {

    private HealthDetails() {}

    static Map<String, Object> connection(ConnectionSnapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", snapshot.state().name());
        if (snapshot.address() != null) {
            details.put("address", snapshot.address());
        }
        Object product = text(snapshot.serverProperties().get("product"));
        Object version = text(snapshot.serverProperties().get("version"));
        if (product != null) {
            details.put("product", product);
        }
        if (version != null) {
            details.put("version", version);
        }
        if (snapshot.isOpen() || !snapshot.heartbeat().isZero()) {
            details.put("heartbeat", heartbeat(snapshot.heartbeat()));
        }
        details.put("blocked", snapshot.blocked());
        if (snapshot.blockedReason() != null) {
            details.put("blockedReason", snapshot.blockedReason());
        }
        details.put("recoveries", snapshot.recoveries());
        if (snapshot.lastRecovered() != null) {
            details.put("lastRecovered", snapshot.lastRecovered().toString());
        }
        if (snapshot.attempt() > 0 && !snapshot.isOpen()) {
            details.put("attempt", snapshot.attempt());
        }
        if (snapshot.lastFailure() != null) {
            details.put("lastFailure", describe(snapshot.lastFailure()));
        }
        details.put("since", snapshot.since().toString());
        return details;
    }

    static Map<String, Object> listener(PikaListenerSnapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("queues", snapshot.queues());
        details.put("connection", snapshot.connectionName());
        details.put("state", snapshot.state().name());
        details.put("inFlight", snapshot.inFlight());
        Map<String, Object> workers = new LinkedHashMap<>();
        workers.put("poolSize", snapshot.workerPoolSize());
        workers.put("active", snapshot.activeWorkers());
        workers.put("queued", snapshot.queuedDeliveries());
        workers.put("queueCapacity", snapshot.queueCapacity());
        details.put("workers", workers);
        if (snapshot.lastFailure() != null) {
            details.put("lastFailure", describe(snapshot.lastFailure()));
        }
        return details;
    }

    /** {@code ", after: <failure>"}, or nothing. */
    static String after(Throwable failure) {
        return failure == null ? "" : ", after: " + describe(failure);
    }

    /**
     * One sentence for a failure, naming refused credentials and access as such (walking the causes).
     */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown reason";
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof ProbableAuthenticationException) {
                return "authentication failed: " + message(t)
                        + " (check pika.username and pika.password, or the user of pika.url)";
            }
            if (t instanceof ProbableAccessDeniedException) {
                return "access refused: " + message(t) + " (check pika.virtual-host and the user's permissions on it)";
            }
            if (t instanceof AmqpHeartbeatTimeoutException) {
                return "heartbeat timeout: " + message(t);
            }
        }
        return failure.getClass().getSimpleName() + ": " + message(failure);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }

    private static String heartbeat(Duration heartbeat) {
        return heartbeat.isZero() ? "off" : heartbeat.toSeconds() + "s";
    }

    private static Object text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof FieldValue.LongString longString) {
            return new String(longString.bytes(), StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
