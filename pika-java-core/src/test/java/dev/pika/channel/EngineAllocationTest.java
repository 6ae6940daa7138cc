package dev.pika.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pika.BasicProperties;
import dev.pika.connection.ScriptedBroker;
import dev.pika.frame.ByteSink;
import dev.pika.frame.ContentAssembler;
import dev.pika.frame.FrameDecoder;
import dev.pika.frame.FrameHandler;
import dev.pika.frame.FrameWriter;
import dev.pika.spec.Basic;
import dev.pika.spec.Method;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot paths (publish, acknowledge, confirm, deliver) allocate nothing per message beyond the message itself:
 * counted with the JVM's per-thread allocation counter over many messages (not a timing). Skipped on JVMs without
 * {@code com.sun.management.ThreadMXBean}.
 */
class EngineAllocationTest {

    private static final int MESSAGES = 20_000;
    private static final int ROUNDS = 5;

    private com.sun.management.ThreadMXBean threads;
    private ScriptedBroker broker;
    private Channel channel;

    @BeforeEach
    void setUp() {
        boolean supported = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported();
        assumeTrue(supported, "this JVM does not count allocated bytes per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        broker = ScriptedBroker.connected().open();
        channel = broker.openChannel();
    }

    /** Bytes allocated per message by {@code work} (which handles {@link #MESSAGES} messages), after warm-up. */
    private long allocatedPerMessage(Runnable work) {
        for (int i = 0; i < ROUNDS; i++) {
            work.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return (threads.getCurrentThreadAllocatedBytes() - before) / MESSAGES;
    }

    @Test
    void publishingAllocatesNothing() {
        broker.connection.transport().discardWrites();
        byte[] body = new byte[100];
        BasicProperties properties =
                BasicProperties.builder().contentType("text/plain").build();

        long perPublish = allocatedPerMessage(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish("amq.direct", "key", body, properties);
            }
        });

        assertThat(perPublish).isZero();
    }

    @Test
    void publishingInConfirmModeAndSettlingAllocatesNothingPerMessage() {
        channel.confirmDelivery(method -> {}, null);
        broker.connection.transport().discardWrites();
        byte[] body = new byte[100];
        byte[] ackAll = frames(writer -> writer.writeMethod(1, new Basic.Ack(0, true)));

        long perPublish = allocatedPerMessage(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish("", "q", body);
            }
            broker.connection.receive(ByteBuffer.wrap(ackAll));
        });

        assertThat(channel.pendingConfirmCount()).isZero();
        assertThat(perPublish).isZero();
    }

    @Test
    void acknowledgingAllocatesNothing() {
        broker.connection.transport().discardWrites();

        long perAck = allocatedPerMessage(() -> {
            for (int i = 1; i <= MESSAGES; i++) {
                channel.basicAck(i);
            }
        });

        assertThat(perAck).isZero();
    }

    @Test
    void deliveringAllocatesNoMoreThanDecodingTheMessageAlone() {
        String tag = channel.basicConsume("q", (ch, method, properties, body) -> ch.basicAck(method.deliveryTag()));
        broker.send(1, new Basic.ConsumeOk(tag));
        broker.connection.transport().discardWrites();
        BasicProperties properties =
                BasicProperties.builder().contentType("text/plain").build();
        byte[] stream = frames(writer -> {
            for (int i = 1; i <= MESSAGES; i++) {
                writer.writeContent(1, new Basic.Deliver(tag, i, false, "ex", "rk"), properties, new byte[16], 131072);
            }
        });
        FrameDecoder decodeOnly = new FrameDecoder(new AssemblingHandler(), 131072);

        long codecAlone = allocatedPerMessage(() -> decodeOnly.decode(ByteBuffer.wrap(stream)));
        long engine = allocatedPerMessage(() -> broker.connection.receive(ByteBuffer.wrap(stream)));

        assertThat(engine)
                .as("engine vs codec alone (%s bytes per message)", codecAlone)
                .isLessThanOrEqualTo(codecAlone + 8);
    }

    private interface FrameScript {
        void write(FrameWriter writer);
    }

    private static byte[] frames(FrameScript script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        script.write(new FrameWriter(new ByteSink() {
            @Override
            public void write(ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes, 0, bytes.length);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                out.write(data, offset, length);
            }
        }));
        return out.toByteArray();
    }

    /** What the codec alone does with a delivery: decode and assemble it, hand it to nobody. */
    private static final class AssemblingHandler implements FrameHandler {
        private final ContentAssembler assembler = new ContentAssembler(1, 1 << 20, (method, properties, body) -> {});

        @Override
        public void onMethod(int channel, Method method) {
            assembler.onMethod(method);
        }

        @Override
        public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
            assembler.onHeader(classId, bodySize, properties);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer fragment) {
            assembler.onBody(fragment);
        }

        @Override
        public void onHeartbeat(int channel) {}

        @Override
        public void onProtocolHeader(int major, int minor, int revision) {}
    }
}
