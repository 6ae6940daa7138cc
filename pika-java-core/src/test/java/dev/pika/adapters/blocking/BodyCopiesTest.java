package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The large-body copies of a blocking connection: a copy is a direct buffer holding exactly the caller's bytes; a
 * buffer given back is reused, with the new content, by the next body of the same size class only; the size classes
 * waste at most an eighth; heap buffers are never kept; the idle buffers stay within their bound, the oldest dropped
 * first.
 */
class BodyCopiesTest {

    private static final int LARGE = BodyCopies.MIN_DIRECT_BYTES;

    private static byte[] filled(int length, int value) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) value);
        body[length - 1] = (byte) (value + 1); // the copy reaches the last byte
        return body;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    @Test
    void onlyBodiesFromTheThresholdAreLarge() {
        assertThat(BodyCopies.isLarge(LARGE - 1)).isFalse();
        assertThat(BodyCopies.isLarge(LARGE)).isTrue();
    }

    @Test
    void aCopyIsADirectBufferHoldingExactlyTheBody() {
        BodyCopies copies = new BodyCopies(16L * LARGE);
        for (int length : new int[] {LARGE, LARGE + 1, 1024 * 1024, 1024 * 1024 + 17}) {
            byte[] body = filled(length, 2);
            ByteBuffer copy = copies.copyOf(body);
            assertThat(copy.isDirect()).isTrue();
            assertThat(copy.position()).isZero();
            assertThat(copy.limit()).isEqualTo(length);
            assertThat(bytesOf(copy)).isEqualTo(body);
            body[0] = 9;
            assertThat(copy.get(0))
                    .as("a copy, not a view of the caller's array")
                    .isEqualTo((byte) 2);
        }
        assertThat(copies.reusedCount()).isZero();
    }

    @Test
    void sizeClassesRoundUpByAtMostAnEighth() {
        assertThat(BodyCopies.sizeClass(LARGE)).isEqualTo(LARGE);
        assertThat(BodyCopies.sizeClass(LARGE + 1)).isEqualTo(LARGE + LARGE / 8);
        assertThat(BodyCopies.sizeClass(1024 * 1024)).isEqualTo(1024 * 1024);
        for (int length = LARGE; length < 4 * 1024 * 1024; length += 4093) {
            int capacity = BodyCopies.sizeClass(length);
            assertThat(capacity).isGreaterThanOrEqualTo(length).isLessThanOrEqualTo(length + length / 8);
        }
    }

    @Test
    void aBufferGivenBackIsReusedForTheNextBodyOfTheSameSizeClassOnly() {
        BodyCopies copies = new BodyCopies(4L * LARGE);
        ByteBuffer first = copies.copyOf(filled(LARGE + 10, 1));
        copies.recycle(first);
        assertThat(copies.idleBytes()).isEqualTo(BodyCopies.sizeClass(LARGE + 10));

        ByteBuffer otherClass = copies.copyOf(filled(LARGE, 2));
        assertThat(otherClass).isNotSameAs(first);
        assertThat(copies.reusedCount()).isZero();

        byte[] second = filled(LARGE + 20, 3); // same class, another length
        ByteBuffer reused = copies.copyOf(second);
        assertThat(reused).isSameAs(first);
        assertThat(reused.position()).isZero();
        assertThat(reused.limit()).isEqualTo(second.length);
        assertThat(bytesOf(reused)).isEqualTo(second);
        assertThat(copies.reusedCount()).isEqualTo(1);
        assertThat(copies.idleBytes()).isZero();

        assertThat(copies.copyOf(filled(LARGE + 10, 4)))
                .as("a buffer is handed out once until it is given back again")
                .isNotSameAs(first);
    }

    @Test
    void heapBuffersAreNeverKept() {
        BodyCopies copies = new BodyCopies(4L * LARGE);
        copies.recycle(ByteBuffer.wrap(filled(LARGE, 1)));
        assertThat(copies.idleBytes()).isZero();
    }

    @Test
    void idleBuffersStayWithinTheirBoundTheOldestDroppedFirst() {
        BodyCopies copies = new BodyCopies(2L * LARGE);
        ByteBuffer oldest = copies.copyOf(filled(LARGE, 1));
        ByteBuffer middle = copies.copyOf(filled(LARGE, 2));
        ByteBuffer newest = copies.copyOf(filled(LARGE, 3));
        copies.recycle(oldest);
        copies.recycle(middle);
        copies.recycle(newest);
        assertThat(copies.idleBytes()).isEqualTo(2L * LARGE);

        assertThat(copies.copyOf(filled(LARGE, 4))).isSameAs(newest);
        assertThat(copies.copyOf(filled(LARGE, 5))).isSameAs(middle);
        assertThat(copies.copyOf(filled(LARGE, 6))).as("dropped").isNotSameAs(oldest);

        ByteBuffer tooLarge = copies.copyOf(filled(2 * LARGE + 1, 7));
        copies.recycle(tooLarge);
        assertThat(copies.idleBytes()).as("larger than the bound: not kept").isZero();
    }
}
