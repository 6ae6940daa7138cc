package dev.pika.examples.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.testing.PikaIntegrationTest;
import dev.pika.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's quick start runs against the test broker: the message comes back, and main returns. */
@PikaIntegrationTest
class QuickStartIT {

    @Test
    @Timeout(60) // main returns only once the loop stopped: after the message came back and the close
    void theQuickStartReceivesItsMessageAndReturns(TestBroker broker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[] {broker.uri(), broker.name("hello")});
        } finally {
            System.setOut(original);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Received Hello World!");
    }
}
