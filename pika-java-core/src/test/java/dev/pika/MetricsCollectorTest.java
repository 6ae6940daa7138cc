package dev.pika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

    @Test
    void noopAcceptsEveryHookAndIsTheDefault() {
        MetricsCollector noop = MetricsCollector.NOOP;

        assertThatCode(() -> {
                    noop.connectionOpened("c");
                    noop.connectionClosed("c");
                    noop.channelOpened("c", 1);
                    noop.channelClosed("c", 1);
                    noop.published("c", 10);
                    noop.publishAcked("c", 3);
                    noop.publishNacked("c", 1);
                    noop.returned("c");
                    noop.consumed("c", true, 10);
                    noop.acked("c", 5);
                    noop.nacked("c", 2, false);
                    noop.rejected("c", true);
                    noop.heartbeatTimeout("c");
                    noop.blocked("c", "low on memory");
                    noop.unblocked("c");
                })
                .doesNotThrowAnyException();
        assertThat(noop).hasToString("MetricsCollector.NOOP");
        assertThat(ConnectionParameters.defaults().metricsCollector()).isSameAs(noop);
        assertThat(ConnectionParameters.builder().metricsCollector(null).build().metricsCollector())
                .isSameAs(noop);
    }

    @Test
    void anImplementationOverridesOnlyTheHooksItNeeds() {
        List<String> events = new ArrayList<>();
        MetricsCollector acksOnly = new MetricsCollector() {
            @Override
            public void publishAcked(String connection, int count) {
                events.add(connection + " acked " + count);
            }
        };

        acksOnly.published("orders", 100);
        acksOnly.publishAcked("orders", 7);

        assertThat(events).containsExactly("orders acked 7");
    }
}
