package dev.pika.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QpidLogLevelsTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void setsUnconfiguredQpidLoggersToWarnAndLeavesConfiguredOnesAlone() {
        Logger qpid = context.getLogger("org.apache.qpid");
        Logger operational = context.getLogger("qpid.message");
        qpid.setLevel(null);
        operational.setLevel(null);

        assertThat(QpidLogLevels.quieten()).isTrue();

        assertThat(qpid.getLevel()).isEqualTo(Level.WARN);
        assertThat(operational.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("qpid.message.broker.startup").isInfoEnabled())
                .isFalse();
        // logback-test.xml sets qpid.statistics to ERROR, as an application would.
        assertThat(context.getLogger("qpid.statistics").getLevel()).isEqualTo(Level.ERROR);
    }
}
