package dev.pika.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.ConnectionParameters;
import dev.pika.ExternalCredentials;
import dev.pika.PlainCredentials;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.IncompatibleProtocolException;
import dev.pika.exceptions.ProtocolVersionMismatchException;
import dev.pika.spec.Connection.Open;
import dev.pika.spec.Connection.OpenOk;
import dev.pika.spec.Connection.Start;
import dev.pika.spec.Connection.StartOk;
import dev.pika.spec.Connection.Tune;
import dev.pika.spec.Connection.TuneOk;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void fullHandshakeWritesTheExpectedBytes() {
        ScriptedBroker broker = new ScriptedBroker(ConnectionParameters.defaults());
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.INIT);
        CapturingTransport transport = broker.connection.connectStream();

        assertThat(transport.drain()).isEqualTo(hex("414d5150 00000901"));
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.PROTOCOL);

        broker.send(0, ScriptedBroker.rabbitStart());
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.START);
        byte[] startOkBytes = transport.drain();
        assertThat(startOkBytes[0]).isEqualTo((byte) 1); // a method frame on channel 0: 10.11
        assertThat(startOkBytes).startsWith(hex("01 0000")).endsWith(hex("ce"));
        assertThat(java.util.Arrays.copyOfRange(startOkBytes, 7, 11)).isEqualTo(hex("000a 000b"));

        broker.send(0, new Tune(2047, 131072, 60));
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.TUNE);
        assertThat(transport.drain())
                .isEqualTo(hex(
                        // TuneOk(2047, 131072, 60)
                        "01 0000 0000000c 000a 001f 07ff 00020000 003c ce"
                                // Open("/", "", insist=true)
                                + "01 0000 00000008 000a 0028 01 2f 00 01 ce"));

        broker.send(0, new OpenOk(""));
        assertThat(broker.connection.state()).isEqualTo(ConnectionState.OPEN);
        assertThat(broker.opened).containsExactly(broker.connection);
        assertThat(broker.openErrors).isEmpty();
    }

    @Test
    void startOkCarriesPlainCredentialsClientPropertiesAndLocale() {
        ConnectionParameters params = ConnectionParameters.builder()
                .credentials(new PlainCredentials("alice", "s3cret"))
                .connectionName("orders")
                .locale("fr_FR")
                .build();
        ScriptedBroker broker = ScriptedBroker.connected(params);
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());

        StartOk startOk = broker.expect(0, StartOk.class);
        assertThat(startOk.mechanism()).isEqualTo("PLAIN");
        assertThat(startOk.response()).isEqualTo("\0alice\0s3cret");
        assertThat(startOk.locale()).isEqualTo("fr_FR");
        assertThat(startOk.clientProperties())
                .containsEntry("product", "pika-java")
                .containsEntry("connection_name", "orders")
                .containsKey("platform")
                .containsKey("version");
        assertThat(startOk.clientProperties().get("capabilities"))
                .isEqualTo(Map.of(
                        "authentication_failure_close", true,
                        "basic.nack", true,
                        "connection.blocked", true,
                        "consumer_cancel_notify", true,
                        "exchange_exchange_bindings", true,
                        "publisher_confirms", true));
    }

    @Test
    void externalCredentialsSendAnEmptyResponse() {
        ConnectionParameters params = ConnectionParameters.builder()
                .credentials(new ExternalCredentials())
                .build();
        ScriptedBroker broker = ScriptedBroker.connected(params);
        broker.next();
        broker.send(0, new Start(0, 9, Map.of(), "PLAIN EXTERNAL", "en_US"));

        StartOk startOk = broker.expect(0, StartOk.class);
        assertThat(startOk.mechanism()).isEqualTo("EXTERNAL");
        assertThat(startOk.response()).isEmpty();
    }

    @Test
    void credentialsAreErasedAfterStartOkWhenAsked() {
        PlainCredentials credentials = new PlainCredentials("alice", "s3cret", true);
        ScriptedBroker broker = ScriptedBroker.connected(
                ConnectionParameters.builder().credentials(credentials).build());
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());

        assertThat(broker.expect(0, StartOk.class).response()).isEqualTo("\0alice\0s3cret");
        assertThat(credentials.erased()).isTrue();
    }

    @Test
    void aMechanismTheServerDoesNotOfferFailsWithAuthenticationException() {
        ScriptedBroker broker = ScriptedBroker.connected(ConnectionParameters.builder()
                .credentials(new ExternalCredentials())
                .build());
        broker.next();
        broker.send(0, new Start(0, 9, Map.of(), "AMQPLAIN PLAIN", "en_US"));
        broker.expectNothing();
        assertThat(broker.connection.transport().aborted()).isTrue();

        broker.runLoop();

        assertThat(broker.openErrors).singleElement().isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.mechanism()).isEqualTo("EXTERNAL");
            assertThat(e.getMessage()).contains("EXTERNAL").contains("AMQPLAIN PLAIN");
        });
        assertThat(broker.connection.isClosed()).isTrue();
        assertThat(broker.opened).isEmpty();
    }

    @Test
    void anotherProtocolVersionInStartIsIncompatible() {
        ScriptedBroker broker = ScriptedBroker.connected();
        broker.next();
        broker.send(0, new Start(0, 8, Map.of(), "PLAIN", "en_US"));
        broker.runLoop();

        assertThat(broker.openErrors)
                .singleElement()
                .isInstanceOf(IncompatibleProtocolException.class)
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(ProtocolVersionMismatchException.class));
    }

    @Test
    void aProtocolHeaderInReplyMeansTheBrokerRefusedTheVersion() {
        ScriptedBroker broker = ScriptedBroker.connected();
        broker.next();
        broker.sendBytes("AMQP".getBytes(StandardCharsets.US_ASCII));
        broker.sendBytes(hex("00 00 08 00"));
        assertThat(broker.connection.transport().aborted()).isTrue();
        broker.runLoop();

        assertThat(broker.openErrors)
                .singleElement()
                .isInstanceOf(IncompatibleProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("0-8-0"));
    }

    @Test
    void serverPropertiesAndCapabilitiesAreKept() {
        ScriptedBroker broker = ScriptedBroker.connected().open();
        Connection connection = broker.connection;

        assertThat(connection.serverProperties()).containsEntry("product", "RabbitMQ");
        assertThat(connection.serverCapabilities()).containsEntry("publisher_confirms", true);
        assertThat(connection.basicNackSupported()).isTrue();
        assertThat(connection.consumerCancelNotifySupported()).isTrue();
        assertThat(connection.exchangeExchangeBindingsSupported()).isTrue();
        assertThat(connection.publisherConfirmsSupported()).isTrue();
        assertThat(connection.authenticationFailureCloseSupported()).isTrue();
    }

    @Test
    void capabilitiesAreFalseWhenTheServerDoesNotAnnounceThem() {
        ScriptedBroker broker = ScriptedBroker.connected();
        broker.next();
        broker.send(0, new Start(0, 9, Map.of("product", "Other"), "PLAIN", "en_US"));
        broker.expect(0, StartOk.class);
        broker.send(0, new Tune(0, 0, 0));
        broker.expect(0, TuneOk.class);
        broker.expect(0, Open.class);
        broker.send(0, new OpenOk(""));

        assertThat(broker.connection.publisherConfirmsSupported()).isFalse();
        assertThat(broker.connection.basicNackSupported()).isFalse();
        assertThat(broker.connection.serverCapabilities()).isEmpty();
    }

    @Test
    void theVirtualHostGoesIntoConnectionOpen() {
        ScriptedBroker broker = ScriptedBroker.connected(
                ConnectionParameters.builder().virtualHost("orders/eu").build());
        broker.next();
        broker.send(0, ScriptedBroker.rabbitStart());
        broker.expect(0, StartOk.class);
        broker.send(0, new Tune(2047, 131072, 0));
        broker.expect(0, TuneOk.class);

        assertThat(broker.expect(0, Open.class).virtualHost()).isEqualTo("orders/eu");
    }

    @Test
    void aHandshakeSplitAtEveryByteOpensTheConnection() {
        ScriptedBroker broker = ScriptedBroker.connected().splitEveryByte();
        broker.open();

        assertThat(broker.opened).containsExactly(broker.connection);
    }
}
