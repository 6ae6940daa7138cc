package dev.pika.reliability;

import dev.pika.BasicProperties;
import dev.pika.DeliveryMode;
import java.nio.ByteBuffer;

/**
 * The fault tests' messages: a small body that starts with the message id (8 bytes, big-endian) followed by padding,
 * so that every delivery names the id the ledger tracks. Stateless; any thread.
 */
final class Messages {

    /** Body size of the suite's "small messages". */
    static final int BODY_SIZE = 32;

    /** Persistent delivery mode, for the tests that restart the broker. */
    static final BasicProperties PERSISTENT =
            BasicProperties.builder().deliveryMode(DeliveryMode.PERSISTENT).build();

    private Messages() {}

    /** A fresh body carrying {@code id}. */
    static byte[] body(long id) {
        byte[] body = new byte[BODY_SIZE];
        ByteBuffer.wrap(body).putLong(id);
        return body;
    }

    /** The id a body carries. */
    static long id(byte[] body) {
        if (body.length < Long.BYTES) {
            throw new IllegalArgumentException("not a fault-test message: " + body.length + " bytes");
        }
        return ByteBuffer.wrap(body).getLong();
    }
}
