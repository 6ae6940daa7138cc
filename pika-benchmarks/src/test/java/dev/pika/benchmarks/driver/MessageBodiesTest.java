package dev.pika.benchmarks.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageBodiesTest {

    @Test
    void carriesTheTimestampAndSequence() {
        byte[] body = MessageBodies.create(100, 123_456_789_012L, 42);

        assertThat(body).hasSize(100);
        assertThat(MessageBodies.timestampNanos(body)).isEqualTo(123_456_789_012L);
        assertThat(MessageBodies.sequence(body)).isEqualTo(42);
        assertThat(body[0]).as("big-endian, as PerfTest writes it").isZero();
    }

    @Test
    void isNeverSmallerThanTheStamp() {
        assertThat(MessageBodies.create(0, 1, 1)).hasSize(MessageBodies.MIN_SIZE);
        assertThat(MessageBodies.timestampNanos(new byte[4])).isZero();
        assertThat(MessageBodies.sequence(new byte[4])).isEqualTo(-1);
        assertThat(MessageBodies.timestampNanos(null)).isZero();
    }
}
