package dev.pika.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.exceptions.ShortStringTooLongException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed generated records: ids, flags, constants and argument checks. Needs no AMQP definition. */
class SpecRecordsTest {

    @Test
    void idsThatAreEasyToGetWrong() {
        assertThat(Exchange.UnbindOk.INSTANCE.classId()).isEqualTo(40);
        assertThat(Exchange.UnbindOk.METHOD_ID).isEqualTo(51);
        assertThat(new Connection.Blocked("").methodId()).isEqualTo(60);
        assertThat(Connection.Unblocked.METHOD_ID).isEqualTo(61);
        assertThat(Connection.UpdateSecret.METHOD_ID).isEqualTo(70);
        assertThat(Connection.UpdateSecretOk.METHOD_ID).isEqualTo(71);
        assertThat(Confirm.CLASS_ID).isEqualTo(85);
        assertThat(new Confirm.Select(false).classId()).isEqualTo(85);
        assertThat(new Basic.Nack(1, false, true).methodId()).isEqualTo(120);
        assertThat(Tx.CLASS_ID).isEqualTo(90);
    }

    @Test
    void onlyPublishReturnDeliverAndGetOkCarryContent() throws ReflectiveOperationException {
        List<String> withContent = new ArrayList<>();
        for (Class<?> type : Method.class.getPermittedSubclasses()) {
            int classId = type.getDeclaringClass().getField("CLASS_ID").getInt(null);
            int methodId = type.getField("METHOD_ID").getInt(null);
            // all-zero arguments decode for every method: empty strings and tables, zero numbers, false bits
            Method method = MethodCodec.decode(classId, methodId, ByteBuffer.allocate(64));
            if (method.hasContent()) {
                withContent.add(method.name());
            }
        }

        assertThat(withContent)
                .containsExactlyInAnyOrder("Basic.Publish", "Basic.Return", "Basic.Deliver", "Basic.GetOk");
    }

    @Test
    void synchronousFlagsFollowTheDefinition() {
        assertThat(new Queue.Declare(0, "", false, false, false, false, false, null).synchronous())
                .isTrue();
        assertThat(new Basic.Publish(0, "", "", false, false).synchronous()).isFalse();
        assertThat(new Basic.Ack(0, false).synchronous()).isFalse();
        assertThat(new Connection.UpdateSecret("", "").synchronous()).isTrue();
    }

    @Test
    void closeMethodsNameTheFailingMethodWithoutHidingTheirOwnIds() {
        Channel.Close close = new Channel.Close(404, "NOT_FOUND", 50, 10);

        assertThat(close.classId()).isEqualTo(20);
        assertThat(close.methodId()).isEqualTo(40);
        assertThat(close.failingClassId()).isEqualTo(50);
        assertThat(close.failingMethodId()).isEqualTo(10);
        assertThat(new Connection.Close(320, "", 0, 0).failingClassId()).isZero();
    }

    @Test
    void argumentsAreCheckedAgainstTheirAmqpTypes() {
        assertThatThrownBy(() -> new Queue.Declare(0, "q".repeat(256), false, false, false, false, false, null))
                .isInstanceOfSatisfying(
                        ShortStringTooLongException.class,
                        e -> assertThat(e.field()).isEqualTo("Queue.Declare.queue"));
        assertThatThrownBy(() -> new Basic.Qos(0, 65536, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Basic.Qos.prefetchCount");
        assertThatThrownBy(() -> new Connection.Tune(0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Connection.Tune.frameMax");
        assertThatThrownBy(() -> new Connection.Start(256, 9, null, "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Connection.Start.versionMajor");
        assertThatThrownBy(() -> new Basic.Publish(0, null, "rk", false, false))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Basic.Publish.exchange");
        String longResponse = "x".repeat(10_000);
        assertThat(new Connection.StartOk(null, "PLAIN", longResponse, "en_US").response())
                .isSameAs(longResponse);
    }

    @Test
    void tablesAreCopiedAndNeverNull() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-max-length", 10);
        Queue.Declare declare = new Queue.Declare(0, "q", false, true, false, false, false, arguments);
        arguments.put("x-other", 1);

        assertThat(declare.arguments()).containsOnlyKeys("x-max-length");
        assertThatThrownBy(() -> declare.arguments().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Queue.Bind(0, "q", "ex", "rk", false, null).arguments()).isEmpty();
    }

    @Test
    void secretsAreHiddenFromToString() {
        String startOk = new Connection.StartOk(Map.of(), "PLAIN", "\0guest\0s3cret", "en_US").toString();
        String secureOk = new Connection.SecureOk("s3cret").toString();
        String updateSecret = new Connection.UpdateSecret("s3cret-token", "expired").toString();

        assertThat(startOk)
                .doesNotContain("s3cret")
                .contains("response=<hidden, 13 chars>")
                .contains("PLAIN");
        assertThat(secureOk).doesNotContain("s3cret");
        assertThat(updateSecret).doesNotContain("s3cret").contains("reason=expired");
    }

    @Test
    void methodsWithoutArgumentsHaveOneInstance() {
        assertThat(MethodCodec.decode(90, 11, ByteBuffer.allocate(0))).isSameAs(Tx.SelectOk.INSTANCE);
        assertThat(new Tx.SelectOk()).isEqualTo(Tx.SelectOk.INSTANCE);
    }

    @Test
    void constants() {
        assertThat(AmqpConstants.FRAME_METHOD).isEqualTo(1);
        assertThat(AmqpConstants.FRAME_HEADER).isEqualTo(2);
        assertThat(AmqpConstants.FRAME_BODY).isEqualTo(3);
        assertThat(AmqpConstants.FRAME_HEARTBEAT).isEqualTo(8);
        assertThat(AmqpConstants.FRAME_END).isEqualTo(206);
        assertThat(AmqpConstants.FRAME_MIN_SIZE).isEqualTo(4096);
        assertThat(AmqpConstants.PORT).isEqualTo(5672);
        assertThat(AmqpConstants.protocolHeader()).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
        assertThat(AmqpConstants.NOT_FOUND).isEqualTo(404);
        assertThat(AmqpConstants.replyCodeName(404)).isEqualTo("NOT_FOUND");
        assertThat(AmqpConstants.replyCodeName(200)).isEqualTo("REPLY_SUCCESS");
        assertThat(AmqpConstants.replyCodeName(999)).isEqualTo("UNKNOWN");
        assertThat(AmqpConstants.isHardError(AmqpConstants.FRAME_ERROR)).isTrue();
        assertThat(AmqpConstants.isHardError(AmqpConstants.CONNECTION_FORCED)).isTrue();
        assertThat(AmqpConstants.isHardError(AmqpConstants.PRECONDITION_FAILED)).isFalse();
        assertThat(AmqpConstants.isHardError(AmqpConstants.REPLY_SUCCESS)).isFalse();
    }
}
