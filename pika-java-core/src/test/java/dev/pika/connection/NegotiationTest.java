package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.exceptions.ConnectionOpenAbortedException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.spec.Connection.Open;
import dev.pika.spec.Connection.OpenOk;
import dev.pika.spec.Connection.StartOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {

    /** Runs the handshake to TuneOk and returns it (the connection then opens). */
    private static TuneOk tune(ConnectionParameters params, Tune tune, ScriptedBroker[] holder) {
        ScriptedBroker broker = ScriptedBroker.connected(params);
        holder[0] = broker;
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());
        broker.expect(0, StartOk.class);
        broker.send(0, tune);
        TuneOk tuneOk = broker.expect(0, TuneOk.class);
        broker.expect(0, Open.class);
        broker.send(0, new OpenOk(""));
        return tuneOk;
    }

    @ParameterizedTest(name = "client {0}, server {1} -> {2}")
    @CsvSource({
        "2047, 2047, 2047",
        "100, 2047, 100",
        "2047, 100, 100",
        "65535, 0, 65535",
        "10, 0, 10",
    })
    void channelMaxIsTheLowerUnlessTheServerSaysNoLimit(int client, int server, int expected) {
        ScriptedBroker[] broker = new ScriptedBroker[1];
        TuneOk tuneOk =
                tune(ConnectionParameters.builder().channelMax(client).build(), new Tune(server, 131072, 0), broker);

        assertThat(tuneOk.channelMax()).isEqualTo(expected);
        assertThat(broker[0].connection.channelMax()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "client {0}, server {1} -> {2}")
    @CsvSource({
        "131072, 131072, 131072",
        "4096, 131072, 4096",
        "131072, 8192, 8192",
        "65536, 0, 65536",
    })
    void frameMaxIsTheLowerUnlessTheServerSaysNoLimit(int client, long server, int expected) {
        ScriptedBroker[] broker = new ScriptedBroker[1];
        TuneOk tuneOk =
                tune(ConnectionParameters.builder().frameMax(client).build(), new Tune(2047, server, 0), broker);

        assertThat(tuneOk.frameMax()).isEqualTo(expected);
        assertThat(broker[0].connection.frameMax()).isEqualTo(expected);
    }

    @Test
    void theRuleItself() {
        assertThat(Negotiation.negotiate(0, 0)).isZero();
        assertThat(Negotiation.negotiate(0, 7)).isEqualTo(7);
        assertThat(Negotiation.negotiate(7, 0)).isEqualTo(7);
        assertThat(Negotiation.negotiate(5, 7)).isEqualTo(5);
        assertThat(Negotiation.negotiate(9, 7)).isEqualTo(7);
    }

    @ParameterizedTest(name = "client {0}, server {1} -> {2}")
    @CsvSource({
        // unset: the server's proposal, including 0
        ", 60, 60",
        ", 0, 0",
        // a fixed value always wins, including 0 (off) and a value above the server's
        "10, 60, 10",
        "0, 60, 0",
        "120, 60, 120",
        "30, 0, 30",
    })
    void heartbeatTakesTheServerProposalUnlessTheClientFixesIt(Integer client, int server, int expected) {
        ConnectionParameters.Builder builder = ConnectionParameters.builder();
        if (client != null) {
            builder.heartbeat(Duration.ofSeconds(client));
        }
        ScriptedBroker[] broker = new ScriptedBroker[1];
        TuneOk tuneOk = tune(builder.build(), new Tune(2047, 131072, server), broker);

        assertThat(tuneOk.heartbeat()).isEqualTo(expected);
        assertThat(broker[0].connection.heartbeat()).isEqualTo(Duration.ofSeconds(expected));
    }

    @Test
    void aHeartbeatNegotiatorGetsTheServerProposalAndWins() {
        List<Integer> proposals = new ArrayList<>();
        ConnectionParameters params = ConnectionParameters.builder()
                .heartbeat(proposed -> {
                    proposals.add(proposed);
                    return proposed == 0 ? 15 : Math.min(proposed, 20);
                })
                .build();
        ScriptedBroker[] broker = new ScriptedBroker[1];

        assertThat(tune(params, new Tune(2047, 131072, 60), broker).heartbeat()).isEqualTo(20);
        assertThat(tune(params, new Tune(2047, 131072, 0), broker).heartbeat()).isEqualTo(15);
        assertThat(proposals).containsExactly(60, 0);
    }

    @Test
    void aFailingHeartbeatNegotiatorAbortsTheOpening() {
        ConnectionParameters params =
                ConnectionParameters.builder().heartbeat(proposed -> -1).build();
        ScriptedBroker broker = ScriptedBroker.connected(params);
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());
        broker.expect(0, StartOk.class);
        broker.send(0, new Tune(2047, 131072, 60));
        broker.expectNothing();
        broker.runLoop();

        assertThat(broker.openErrors)
                .singleElement()
                .isInstanceOf(ConnectionOpenAbortedException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("Heartbeat negotiation failed"));
    }

    @Test
    void aFrameMaxBelowTheProtocolMinimumIsRefused() {
        ScriptedBroker broker = ScriptedBroker.connected();
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());
        broker.expect(0, StartOk.class);
        broker.send(0, new Tune(2047, 1024, 0));
        broker.runLoop();

        assertThat(broker.openErrors)
                .singleElement()
                .isInstanceOf(IncompatibleProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("1024"));
    }
}
