package dev.pika.connection;

import dev.pika.channel.ChannelEndpoint;
import dev.pika.exceptions.InvalidChannelNumberException;
import dev.pika.exceptions.NoFreeChannelsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The connection's channels by number: an array indexed by channel number (grown as higher numbers are used), so
 * routing a frame to its channel is one array read. Numbers are allocated as Pika does: the lowest free number from 1,
 * and {@link NoFreeChannelsException} once {@code channel_max} channels are open.
 *
 * <p>Not thread-safe: the connection's I/O thread only.
 */
final class ChannelRegistry {

    private ChannelEndpoint[] byNumber = new ChannelEndpoint[16];
    private int count;

    /** The channel with this number, or {@code null}. */
    ChannelEndpoint get(int channelNumber) {
        ChannelEndpoint[] channels = byNumber;
        return channelNumber < channels.length ? channels[channelNumber] : null;
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Pika's {@code _next_channel_number}: the lowest free number. */
    int nextFreeNumber(int channelMax) {
        if (count >= channelMax) {
            throw NoFreeChannelsException.of(channelMax);
        }
        for (int number = 1; number <= channelMax; number++) {
            if (get(number) == null) {
                return number;
            }
        }
        throw NoFreeChannelsException.of(channelMax);
    }

    /** Checks a number the application chose. */
    void checkRequestedNumber(int channelNumber, int channelMax) {
        if (channelNumber < 1 || channelNumber > channelMax) {
            throw InvalidChannelNumberException.outOfRange(channelNumber, channelMax);
        }
        if (get(channelNumber) != null) {
            throw new InvalidChannelNumberException(
                    channelNumber,
                    "Channel number " + channelNumber + " is in use on this connection; close that channel first, or"
                            + " let the connection choose a free number");
        }
    }

    void add(ChannelEndpoint endpoint) {
        int number = endpoint.channelNumber();
        if (number >= byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, Math.max(number + 1, Math.min(2 * byNumber.length, 65536)));
        }
        byNumber[number] = endpoint;
        count++;
    }

    /** Removes the endpoint if it still holds its number (a closed channel's number may have been reused). */
    boolean remove(ChannelEndpoint endpoint) {
        int number = endpoint.channelNumber();
        if (get(number) != endpoint) {
            return false;
        }
        byNumber[number] = null;
        count--;
        return true;
    }

    /** The channels, in number order, as a copy safe to iterate while channels close. */
    List<ChannelEndpoint> snapshot() {
        List<ChannelEndpoint> channels = new ArrayList<>(count);
        for (ChannelEndpoint endpoint : byNumber) {
            if (endpoint != null) {
                channels.add(endpoint);
            }
        }
        return channels;
    }
}
