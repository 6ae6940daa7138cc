package dev.pika.frame;

import dev.pika.BasicProperties;
import dev.pika.spec.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link FrameHandler} that records every callback as a line of text. Consecutive body fragments of one channel are
 * merged, so that a stream decoded in one piece and the same stream decoded in pieces record the same lines.
 */
class RecordingHandler implements FrameHandler {

    final List<String> events = new ArrayList<>();
    final List<Method> methods = new ArrayList<>();
    final List<BasicProperties> properties = new ArrayList<>();
    private int bodyChannel = -1;

    @Override
    public void onMethod(int channel, Method method) {
        bodyChannel = -1;
        methods.add(method);
        events.add("method " + channel + " " + method);
    }

    @Override
    public void onContentHeader(int channel, int classId, long bodySize, BasicProperties props) {
        bodyChannel = -1;
        properties.add(props);
        events.add("header " + channel + " class " + classId + " size " + bodySize + " " + props);
    }

    @Override
    public void onContentBody(int channel, ByteBuffer fragment) {
        byte[] bytes = new byte[fragment.remaining()];
        fragment.get(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        if (bodyChannel == channel) {
            int last = events.size() - 1;
            events.set(last, events.get(last) + hex);
        } else {
            events.add("body " + channel + " " + hex);
            bodyChannel = channel;
        }
    }

    @Override
    public void onHeartbeat(int channel) {
        bodyChannel = -1;
        events.add("heartbeat " + channel);
    }

    @Override
    public void onProtocolHeader(int major, int minor, int revision) {
        bodyChannel = -1;
        events.add("protocol " + major + "-" + minor + "-" + revision);
    }
}
