package dev.pika.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.BasicProperties;
import dev.pika.exceptions.BodyTooLongException;
import dev.pika.exceptions.UnexpectedFrameException;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentAssemblerTest {

    private record Message(Method method, BasicProperties properties, byte[] body) {}

    private final List<Message> messages = new ArrayList<>();
    private final ContentAssembler assembler = new ContentAssembler(
            1, 1000, (method, properties, body) -> messages.add(new Message(method, properties, body)));

    private final Basic.Deliver deliver = new Basic.Deliver("ctag", 1, false, "ex", "rk");
    private final BasicProperties properties =
            BasicProperties.builder().messageId("m").build();

    @Test
    void assemblesFragmentsIntoOneBody() {
        assertThat(assembler.onMethod(deliver)).isTrue();
        assembler.onHeader(60, 5, properties);
        assembler.onBody(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(messages).isEmpty();
        assertThat(assembler.isAssembling()).isTrue();

        assembler.onBody(ByteBuffer.wrap(new byte[] {3, 4, 5}));

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).method()).isEqualTo(deliver);
        assertThat(messages.get(0).properties()).isEqualTo(properties);
        assertThat(messages.get(0).body()).containsExactly(1, 2, 3, 4, 5);
        assertThat(assembler.isAssembling()).isFalse();
    }

    @Test
    void emptyBodyCompletesAtTheHeader() {
        assembler.onMethod(deliver);
        assembler.onHeader(60, 0, properties);

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).isEmpty();
    }

    @Test
    void assemblesMessagesOneAfterAnother() {
        for (int i = 0; i < 3; i++) {
            assembler.onMethod(new Basic.Deliver("ctag", i, false, "", "q"));
            assembler.onHeader(60, 1, BasicProperties.EMPTY);
            assembler.onBody(ByteBuffer.wrap(new byte[] {(byte) i}));
        }

        assertThat(messages)
                .extracting(m -> ((Basic.Deliver) m.method()).deliveryTag())
                .containsExactly(0L, 1L, 2L);
        assertThat(messages.get(2).body()).containsExactly(2);
    }

    @Test
    void methodsWithoutContentAreLeftToTheCaller() {
        assertThat(assembler.onMethod(new Basic.Ack(1, false))).isFalse();
        assertThat(assembler.isAssembling()).isFalse();
    }

    @Test
    void methodWhileContentIsPendingIsUnexpected() {
        assembler.onMethod(deliver);

        assertThatThrownBy(() -> assembler.onMethod(new Basic.Ack(1, false)))
                .isInstanceOfSatisfying(
                        UnexpectedFrameException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(505))
                .hasMessageContaining("method Basic.Ack")
                .hasMessageContaining("the content header for Basic.Deliver");
    }

    @Test
    void contentHeaderAfterAMethodWithoutContentIsUnexpected() {
        assembler.onMethod(new Basic.Ack(1, false));

        assertThatThrownBy(() -> assembler.onHeader(60, 1, properties))
                .isInstanceOfSatisfying(
                        UnexpectedFrameException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(505))
                .hasMessageContaining("a content header while expecting a method frame");
    }

    @Test
    void secondHeaderIsUnexpected() {
        assembler.onMethod(deliver);
        assembler.onHeader(60, 2, properties);

        assertThatThrownBy(() -> assembler.onHeader(60, 2, properties))
                .isInstanceOf(UnexpectedFrameException.class)
                .hasMessageContaining("the remaining 2 body bytes");
    }

    @Test
    void headerOfAnotherClassIsUnexpected() {
        assembler.onMethod(deliver);

        assertThatThrownBy(() -> assembler.onHeader(10, 2, properties))
                .isInstanceOf(UnexpectedFrameException.class)
                .hasMessageContaining("class 10");
    }

    @Test
    void bodyWithoutHeaderIsUnexpected() {
        assertThatThrownBy(() -> assembler.onBody(ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(UnexpectedFrameException.class)
                .hasMessageContaining("a content body while expecting a method frame");

        ContentAssembler other = new ContentAssembler(2, 10, (m, p, b) -> {});
        other.onMethod(deliver);
        assertThatThrownBy(() -> other.onBody(ByteBuffer.wrap(new byte[0])))
                .isInstanceOf(UnexpectedFrameException.class)
                .hasMessageContaining("channel 2");
    }

    @Test
    void bodyLongerThanAnnouncedFails() {
        assembler.onMethod(deliver);
        assembler.onHeader(60, 3, properties);
        assembler.onBody(ByteBuffer.wrap(new byte[2]));

        assertThatThrownBy(() -> assembler.onBody(ByteBuffer.wrap(new byte[2])))
                .isInstanceOfSatisfying(BodyTooLongException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(505);
                    assertThat(e.received()).isEqualTo(4);
                    assertThat(e.expected()).isEqualTo(3);
                });
        assertThat(messages).isEmpty();
    }

    @Test
    void bodyOverTheMaximumFailsBeforeAllocating() {
        assembler.onMethod(deliver);

        assertThatThrownBy(() -> assembler.onHeader(60, Long.MAX_VALUE, properties))
                .isInstanceOfSatisfying(BodyTooLongException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(506);
                    assertThat(e.expected()).isEqualTo(1000);
                })
                .hasMessageContaining("exceeds maxInboundMessageBodySize of 1000 bytes");
        assertThatThrownBy(() -> assembler.onHeader(60, 1001, properties)).isInstanceOf(BodyTooLongException.class);
    }

    @Test
    void bodyOfExactlyTheMaximumIsAccepted() {
        assembler.onMethod(deliver);
        assembler.onHeader(60, 1000, properties);
        assembler.onBody(ByteBuffer.wrap(new byte[1000]));

        assertThat(messages).hasSize(1);
    }

    @Test
    void resetDropsAPartialMessage() {
        assembler.onMethod(deliver);
        assembler.onHeader(60, 3, properties);
        assembler.reset();

        assertThat(assembler.isAssembling()).isFalse();
        assertThat(assembler.onMethod(deliver)).isTrue();
    }

    @Test
    void maximumMustBeAnArraySize() {
        assertThatThrownBy(() -> new ContentAssembler(1, -1, (m, p, b) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBodySize");
        assertThatThrownBy(() -> new ContentAssembler(1, Integer.MAX_VALUE, (m, p, b) -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
