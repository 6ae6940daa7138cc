package dev.pika.testing.rabbitmqctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pika.testing.BrokerKind;
import dev.pika.testing.broker.BrokerEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RabbitMqCtlTest {

    @Test
    void listConnectionsOutputIsParsedColumnByColumn() {
        String out = "<rabbit@localhost.1795756077.823.0>\t127.0.0.1:44630 -> 127.0.0.1:5672\t44630\tguest\t/\t"
                + "[{\"product\",\"RabbitMQ\"},{\"connection_name\",\"pika-it.X.y.conn.0a1b2c3d\"}]\n"
                + "<rabbit@localhost.1795756077.900.0>\t127.0.0.1:44700 -> 127.0.0.1:5672\t44700\tguest\t/\t[]\n";

        List<ConnectionInfo> connections = RabbitMqCtl.parseConnections(out);

        assertThat(connections).hasSize(2);
        ConnectionInfo first = connections.get(0);
        assertThat(first.pid()).isEqualTo("<rabbit@localhost.1795756077.823.0>");
        assertThat(first.name()).isEqualTo("127.0.0.1:44630 -> 127.0.0.1:5672");
        assertThat(first.peerPort()).isEqualTo(44630);
        assertThat(first.user()).isEqualTo("guest");
        assertThat(first.virtualHost()).isEqualTo("/");
        assertThat(first.connectionName()).isEqualTo("pika-it.X.y.conn.0a1b2c3d");
        assertThat(connections.get(1).connectionName()).isNull();
    }

    @Test
    void noConnectionsIsAnEmptyList() {
        assertThat(RabbitMqCtl.parseConnections("")).isEmpty();
    }

    @Test
    void anUnexpectedLineIsReported() {
        assertThatThrownBy(() -> RabbitMqCtl.parseConnection("only\ttwo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 tab-separated columns");
    }

    @Test
    void anotherClientsLineThatCannotBeParsedIsSkippedNotFatal() {
        String out = "only\ttwo\n"
                + "<rabbit@localhost.1.2.3>\t127.0.0.1:1 -> 127.0.0.1:5672\tnot-a-port\tguest\t/\t[]\n"
                + "<rabbit@localhost.1795756077.823.0>\t127.0.0.1:44630 -> 127.0.0.1:5672\t44630\tguest\t/\t"
                + "[{\"connection_name\",\"mine\"}]\n";

        assertThat(RabbitMqCtl.parseConnections(out))
                .singleElement()
                .satisfies(connection -> assertThat(connection.connectionName()).isEqualTo("mine"));
    }

    @Test
    void onlyALocalRabbitMqCanBeAdministered() {
        BrokerEndpoint qpid =
                new BrokerEndpoint(BrokerKind.QPID, "qpid", "9.2.1", false, "127.0.0.1", 1, "g", "g", "/");
        BrokerEndpoint remote =
                new BrokerEndpoint(BrokerKind.RABBITMQ, "RabbitMQ", "4.1", false, "192.0.2.1", 5672, "g", "g", "/");

        assertThat(RabbitMqCtl.unavailableReason(qpid)).contains("not RabbitMQ");
        assertThat(RabbitMqCtl.unavailableReason(remote)).contains("not on this machine");
    }

    /** A stand-in rabbitmqctl that logs its arguments and answers like the real one. */
    private static RabbitMqCtl fake(Path dir) throws IOException {
        Path log = dir.resolve("calls.log");
        Path script = dir.resolve("rabbitmqctl");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "echo \"$*\" >> '" + log + "'",
                        "case \"$*\" in",
                        "  *list_connections*) printf '<rabbit@h.1.7.0>\\t127.0.0.1:40000 -> 127.0.0.1:5672\\t40000\\tguest\\t/\\t"
                                + "[{\"connection_name\",\"mine\"}]\\n' ;;",
                        "  *status*) printf 'Listeners\\nInterface: [::], port: 25672, protocol: clustering\\n"
                                + "Interface: [::], port: 5672, protocol: amqp, purpose: AMQP 0-9-1\\n' ;;",
                        "  *stop_app*) echo 'Error: unable to perform an operation on node' >&2; exit 69 ;;",
                        "esac",
                        ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new RabbitMqCtl(script, null, Duration.ofSeconds(10));
    }

    private static List<String> calls(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void closingByConnectionNameClosesThatConnectionsPid(@TempDir Path dir) throws IOException {
        RabbitMqCtl ctl = fake(dir);

        ConnectionInfo closed = ctl.closeConnectionByName("mine", "test over");

        assertThat(closed.peerPort()).isEqualTo(40000);
        assertThat(calls(dir))
                .containsExactly(
                        "-q list_connections pid name peer_port user vhost client_properties --no-table-headers",
                        "-q close_connection <rabbit@h.1.7.0> test over");
    }

    @Test
    void closingAnUnknownNameClosesNothing(@TempDir Path dir) throws IOException {
        RabbitMqCtl ctl = fake(dir);

        assertThatThrownBy(() -> ctl.closeConnectionByName("someone-else", "no"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("someone-else");
        assertThat(calls(dir)).noneMatch(call -> call.contains("close_connection"));
    }

    @Test
    void aFailedCommandCarriesItsStatusAndStderr(@TempDir Path dir) throws IOException {
        RabbitMqCtl ctl = fake(dir);

        assertThatThrownBy(ctl::stopApp)
                .isInstanceOfSatisfying(
                        RabbitMqCtlException.class,
                        e -> assertThat(e.result().exitCode()).isEqualTo(69))
                .hasMessageContaining("exited with status 69")
                .hasMessageContaining("unable to perform an operation on node");
    }

    @Test
    void theNodeOptionComesFirstAndListenersAreRead(@TempDir Path dir) throws IOException {
        RabbitMqCtl ctl = fake(dir).withNode("rabbit-fault@localhost");

        assertThat(ctl.amqpListenerPorts()).containsExactly(5672);
        assertThat(calls(dir)).containsExactly("-n rabbit-fault@localhost -q status");
    }

    @Test
    void theWatermarkIsCheckedAndSentAsAFraction(@TempDir Path dir) throws IOException {
        RabbitMqCtl ctl = fake(dir);

        assertThatThrownBy(() -> ctl.setVmMemoryHighWatermark(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.4");
        ctl.setVmMemoryHighWatermark(0.4);
        assertThat(calls(dir)).containsExactly("-q set_vm_memory_high_watermark 0.400000");
    }
}
