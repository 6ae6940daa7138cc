package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ReturnedMessage;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import java.util.ArrayDeque;

/**
 * Publisher-confirm bookkeeping of a channel in confirm mode: sequence numbers from 1, the publishes still waiting
 * for their {@code Basic.Ack}/{@code Basic.Nack}, and which of them have a future to settle.
 *
 * <p>Data structure: a ring of slots indexed by sequence number ({@code sequence & mask}) covering the window from
 * the oldest unconfirmed publish to the next sequence number. A plain publish stores a shared marker, a confirmed
 * publish ({@link Channel#basicPublishConfirmed}) its {@link PendingConfirm}; a settled slot is {@code null}. Recording
 * a publish, settling a single confirmation and advancing past settled slots are O(1); a {@code multiple}
 * confirmation visits each slot it covers once, so every operation is O(1) amortised per publish. The ring doubles when
 * the window outgrows it and never allocates otherwise.
 *
 * <p>Returns: RabbitMQ sends the {@code Basic.Return} of an unroutable mandatory message just before that message's
 * confirmation, and, because it routes and confirms each publish before reading the next one, the confirmation frame
 * that follows the return carries that very message's sequence number (as a single ack, or as the highest tag of a
 * {@code multiple} ack). So a return is held until the next confirmation frame, and attributed to the publish whose
 * sequence number that frame carries, provided that publish was mandatory (and, for a confirmed publish, went to the
 * return's exchange and routing key). When a broker breaks that pattern, the return is attributed only when exactly
 * one pending confirmed mandatory publish to that exchange and routing key exists and no plain mandatory publish is
 * pending (which could be the returned one); otherwise it is attributed to no publish and a warning is logged. The
 * rule can therefore leave a return unattributed, but never attributes it to the wrong publish. Returns are held
 * only while a confirmed mandatory publish is pending; the return callbacks always get every return.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class ConfirmTracker {

    private static final EngineLogger LOG = EngineLogger.get(ConfirmTracker.class);
    private static final int INITIAL_CAPACITY = 64;
    private static final int MAX_CAPACITY = 1 << 30;

    /** A pending plain publish (no future) without the mandatory flag. */
    private static final Object PLAIN = new Object();
    /** A pending plain publish with the mandatory flag. */
    private static final Object PLAIN_MANDATORY = new Object();

    private final int channelNumber;
    private Object[] slots = new Object[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    /** Every sequence number below it is settled. */
    private long head = 1;
    /** The sequence number of the next publish. */
    private long next = 1;

    private int pending;
    private int plainMandatoryPending;
    private int mandatoryFuturesPending;
    private ArrayDeque<ReturnedMessage> heldReturns;

    ConfirmTracker(int channelNumber) {
        this.channelNumber = channelNumber;
    }

    /** The sequence number the next publish will get. */
    long nextSequenceNumber() {
        return next;
    }

    /** How many publishes wait for their confirmation. */
    int pendingCount() {
        return pending;
    }

    /** Records a plain publish; returns its sequence number. */
    long recordPlain(boolean mandatory) {
        if (mandatory) {
            plainMandatoryPending++;
        }
        return put(mandatory ? PLAIN_MANDATORY : PLAIN);
    }

    /** Records a publish with a future; returns its sequence number. */
    long recordConfirmed(PendingConfirm publish) {
        if (publish.mandatory) {
            mandatoryFuturesPending++;
        }
        return put(publish);
    }

    private long put(Object slot) {
        long sequence = next;
        if (sequence - head >= slots.length) {
            grow();
        }
        slots[(int) sequence & mask] = slot;
        next = sequence + 1;
        pending++;
        return sequence;
    }

    private void grow() {
        if (slots.length >= MAX_CAPACITY) {
            throw new IllegalStateException("More than " + MAX_CAPACITY + " publishes on channel " + channelNumber
                    + " wait for their confirmation; wait for confirms before publishing more");
        }
        Object[] bigger = new Object[slots.length * 2];
        int biggerMask = bigger.length - 1;
        for (long sequence = head; sequence < next; sequence++) {
            bigger[(int) sequence & biggerMask] = slots[(int) sequence & mask];
        }
        slots = bigger;
        mask = biggerMask;
    }

    /**
     * A {@code Basic.Return} arrived on the channel: held for attribution by the next confirmation frame when a
     * confirmed mandatory publish could be the returned one.
     */
    void onReturn(Basic.Return method, BasicProperties properties, byte[] body) {
        if (mandatoryFuturesPending == 0) {
            return;
        }
        if (heldReturns == null) {
            heldReturns = new ArrayDeque<>(2);
        }
        heldReturns.add(new ReturnedMessage(method.exchange(), method.routingKey(), properties, body));
    }

    /**
     * Settles the publishes a {@code Basic.Ack} or {@code Basic.Nack} covers: the one with sequence number {@code
     * tag}, or with {@code multiple} every pending one up to {@code tag} (all of them when {@code tag} is 0).
     *
     * @return how many pending publishes the frame settled
     */
    int onConfirm(long tag, boolean multiple, boolean ack) {
        if (heldReturns != null && !heldReturns.isEmpty()) {
            attributeReturns(tag);
        }
        int count = 0;
        if (multiple) {
            long upTo = tag == 0 ? next - 1 : Math.min(tag, next - 1);
            for (long sequence = head; sequence <= upTo; sequence++) {
                count += settle(sequence, ack);
            }
            if (upTo >= head) {
                head = upTo + 1;
            }
        } else if (tag >= head && tag < next) {
            count = settle(tag, ack);
        }
        while (head < next && slots[(int) head & mask] == null) {
            head++;
        }
        return count;
    }

    private int settle(long sequence, boolean ack) {
        int index = (int) sequence & mask;
        Object slot = slots[index];
        if (slot == null) {
            return 0;
        }
        slots[index] = null;
        pending--;
        if (slot == PLAIN_MANDATORY) {
            plainMandatoryPending--;
        } else if (slot instanceof PendingConfirm publish) {
            if (publish.mandatory) {
                mandatoryFuturesPending--;
            }
            publish.settle(ack);
        }
        return 1;
    }

    private void attributeReturns(long tag) {
        ReturnedMessage first = heldReturns.poll();
        boolean decided = false;
        PendingConfirm target = null;
        if (tag >= head && tag < next) {
            Object slot = slots[(int) tag & mask];
            if (slot == PLAIN_MANDATORY) {
                decided = true; // RabbitMQ's order names a plain publish: no future to fail
            } else if (slot instanceof PendingConfirm publish
                    && publish.mandatory
                    && publish.returned == null
                    && publish.matches(first)) {
                decided = true;
                target = publish;
            }
        }
        if (!decided) {
            target = uniqueCandidate(first);
        }
        assign(first, target, decided);
        ReturnedMessage more;
        while ((more = heldReturns.poll()) != null) {
            assign(more, uniqueCandidate(more), false);
        }
    }

    private void assign(ReturnedMessage message, PendingConfirm target, boolean decided) {
        if (target != null) {
            target.returned = message;
        } else if (!decided) {
            LOG.warn(
                    "Basic.Return on channel {} (exchange '{}', routing key '{}') cannot be attributed to one"
                            + " publish with certainty; its publish future completes with the broker's confirmation"
                            + " alone (the return callbacks received the message)",
                    channelNumber,
                    message.exchange(),
                    message.routingKey());
        }
    }

    /** The only pending confirmed mandatory publish the message may come from, or {@code null} when not certain. */
    private PendingConfirm uniqueCandidate(ReturnedMessage message) {
        if (plainMandatoryPending > 0) {
            return null;
        }
        PendingConfirm found = null;
        for (long sequence = head; sequence < next; sequence++) {
            if (slots[(int) sequence & mask] instanceof PendingConfirm publish
                    && publish.mandatory
                    && publish.returned == null
                    && publish.matches(message)) {
                if (found != null) {
                    return null;
                }
                found = publish;
            }
        }
        return found;
    }

    /** Fails every pending confirmed publish with {@code reason}; the tracker is empty afterwards. */
    void failAll(AmqpException reason) {
        long from = head;
        long to = next;
        head = next;
        pending = 0;
        plainMandatoryPending = 0;
        mandatoryFuturesPending = 0;
        if (heldReturns != null) {
            heldReturns.clear();
        }
        for (long sequence = from; sequence < to; sequence++) {
            int index = (int) sequence & mask;
            Object slot = slots[index];
            slots[index] = null;
            if (slot instanceof PendingConfirm publish) {
                publish.completeExceptionally(reason);
            }
        }
    }
}
