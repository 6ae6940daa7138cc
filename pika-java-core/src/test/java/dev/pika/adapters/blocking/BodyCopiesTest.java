package dev.pika.adapters.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The body copies of a blocking connection: a copy is equal to the caller's body and never its array; a large copy
 * given back is reused, with the new content, by the next copy of the same length only; small copies are never kept;
 * the idle copies stay within their bound, the oldest dropped first.
 */
class BodyCopiesTest {

    private static final int LARGE = BodyCopies.MIN_REUSED_BYTES;

    private static byte[] filled(int length, int value) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) value);
        body[length - 1] = (byte) (value + 1); // the copy reaches the last byte
        return body;
    }

    @Test
    void aCopyEqualsTheBodyAndIsAnotherArray() {
        BodyCopies copies = new BodyCopies(4L * LARGE);
        for (byte[] body : new byte[][] {new byte[0], filled(10, 1), filled(LARGE, 2)}) {
            byte[] copy = copies.copyOf(body);
            assertThat(copy).isNotSameAs(body).isEqualTo(body);
        }
        assertThat(copies.reusedCount()).isZero();
    }

    @Test
    void aLargeCopyGivenBackIsReusedForTheNextBodyOfTheSameLengthOnly() {
        BodyCopies copies = new BodyCopies(4L * LARGE);
        byte[] first = copies.copyOf(filled(LARGE, 1));
        copies.recycle(first);
        assertThat(copies.idleBytes()).isEqualTo(LARGE);

        byte[] otherLength = copies.copyOf(filled(LARGE + 1, 2));
        assertThat(otherLength).isNotSameAs(first);
        assertThat(copies.reusedCount()).isZero();

        byte[] second = filled(LARGE, 3);
        byte[] reused = copies.copyOf(second);
        assertThat(reused).isSameAs(first).isEqualTo(second);
        assertThat(copies.reusedCount()).isEqualTo(1);
        assertThat(copies.idleBytes()).isZero();

        assertThat(copies.copyOf(filled(LARGE, 4)))
                .as("an array is handed out once until it is given back again")
                .isNotSameAs(first);
    }

    @Test
    void smallCopiesAreNeverKept() {
        BodyCopies copies = new BodyCopies(4L * LARGE);
        byte[] small = copies.copyOf(filled(LARGE - 1, 1));
        copies.recycle(small);
        assertThat(copies.idleBytes()).isZero();
        assertThat(copies.copyOf(filled(LARGE - 1, 2))).isNotSameAs(small);
    }

    @Test
    void idleCopiesStayWithinTheirBoundTheOldestDroppedFirst() {
        BodyCopies copies = new BodyCopies(2L * LARGE);
        byte[] oldest = copies.copyOf(filled(LARGE, 1));
        byte[] middle = copies.copyOf(filled(LARGE, 2));
        byte[] newest = copies.copyOf(filled(LARGE, 3));
        copies.recycle(oldest);
        copies.recycle(middle);
        copies.recycle(newest);
        assertThat(copies.idleBytes()).isEqualTo(2L * LARGE);

        assertThat(copies.copyOf(filled(LARGE, 4))).isSameAs(newest);
        assertThat(copies.copyOf(filled(LARGE, 5))).isSameAs(middle);
        assertThat(copies.copyOf(filled(LARGE, 6))).as("dropped").isNotSameAs(oldest);

        byte[] tooLarge = copies.copyOf(filled(2 * LARGE + 1, 7));
        copies.recycle(tooLarge);
        assertThat(copies.idleBytes()).as("larger than the bound: not kept").isZero();
    }
}
