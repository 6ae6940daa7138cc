package dev.pika.channel;

import dev.pika.BasicProperties;
import dev.pika.exceptions.AmqpException;
import dev.pika.exceptions.ReturnedMessage;
import dev.pika.frame.ContentHeaderCodec;
import dev.pika.internal.EngineLogger;
import dev.pika.spec.Basic;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

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
 * <p>Returns: a {@code Basic.Return} carries the message (exchange, routing key, properties, body) but no sequence
 * number, and RabbitMQ's confirmation frames cannot tell which publish it was: RabbitMQ sends the return before the
 * message's confirmation, but it coalesces confirmations (queue confirms of earlier publishes and the returned
 * message's own may share a flush, {@code multiple} or not), so "the next confirmation" may name another publish,
 * even one to the same exchange and routing key. The return is therefore matched by content when it arrives (its
 * publish is still unconfirmed then): it goes to the oldest pending {@link Channel#basicPublishConfirmed} mandatory
 * publish, later than the last one a return went to (RabbitMQ returns in publish order), with the same exchange,
 * routing key, properties (compared as encoded on the wire) and body. Two such candidates are byte-for-byte the same
 * message, so either is the one returned. While a plain mandatory publish (whose content is not kept) is pending, it
 * could be the returned one, and the return goes to no future (a warning is logged; the return callbacks get every
 * return anyway). The rule can leave a return unattributed, but never attributes it to another message. Returns
 * cost nothing unless a confirmed mandatory publish is pending.
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
    /** Sequence number of the publish the last attributed return went to (returns come in publish order). */
    private long lastReturned;

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
     * A {@code Basic.Return} arrived on the channel: attributes it to the pending confirmed publish it returns, if
     * that can be told for certain (see the class description).
     */
    void onReturn(Basic.Return method, BasicProperties properties, byte[] body) {
        if (mandatoryFuturesPending == 0) {
            return;
        }
        if (plainMandatoryPending > 0) {
            unattributed(method, "plain mandatory publishes are pending and one of them may be the returned message");
            return;
        }
        byte[] encodedProperties = null;
        for (long sequence = Math.max(head, lastReturned + 1); sequence < next; sequence++) {
            if (slots[(int) sequence & mask] instanceof PendingConfirm publish
                    && publish.mandatory
                    && publish.returned == null
                    && publish.exchange.equals(method.exchange())
                    && publish.routingKey.equals(method.routingKey())
                    && Arrays.equals(publish.body, body)) {
                if (!publish.properties.equals(properties)) {
                    if (encodedProperties == null) {
                        encodedProperties = encode(properties);
                    }
                    if (!Arrays.equals(encode(publish.properties), encodedProperties)) {
                        continue;
                    }
                }
                publish.returned = new ReturnedMessage(method.exchange(), method.routingKey(), properties, body);
                lastReturned = sequence;
                return;
            }
        }
        unattributed(method, "no pending confirmed publish carries that message");
    }

    private void unattributed(Basic.Return method, String why) {
        LOG.warn(
                "Basic.Return on channel {} (exchange '{}', routing key '{}') is attributed to no publish future: {};"
                        + " the return callbacks received it",
                channelNumber,
                method.exchange(),
                method.routingKey(),
                why);
    }

    /** Properties as the content header codec writes them, or an empty array when they cannot be encoded. */
    private static byte[] encode(BasicProperties properties) {
        for (int capacity = 1024; capacity <= 1 << 24; capacity *= 4) {
            ByteBuffer buffer = ByteBuffer.allocate(capacity);
            try {
                ContentHeaderCodec.write(buffer, properties);
                return Arrays.copyOf(buffer.array(), buffer.position());
            } catch (BufferOverflowException e) {
                // try a bigger buffer
            } catch (RuntimeException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    /**
     * Settles the publishes a {@code Basic.Ack} or {@code Basic.Nack} covers: the one with sequence number {@code
     * tag}, or with {@code multiple} every pending one up to {@code tag} (all of them when {@code tag} is 0).
     *
     * @return how many pending publishes the frame settled
     */
    int onConfirm(long tag, boolean multiple, boolean ack) {
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

    /** Fails every pending confirmed publish with {@code reason}; the tracker is empty afterwards. */
    void failAll(AmqpException reason) {
        long from = head;
        long to = next;
        head = next;
        pending = 0;
        plainMandatoryPending = 0;
        mandatoryFuturesPending = 0;
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
