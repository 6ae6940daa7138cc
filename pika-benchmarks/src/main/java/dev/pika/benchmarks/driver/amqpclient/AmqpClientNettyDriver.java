package dev.pika.benchmarks.driver.amqpclient;

import com.rabbitmq.client.ConnectionFactory;
import dev.pika.benchmarks.driver.KnownClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.Version;
import java.util.concurrent.TimeUnit;

/**
 * {@code amqp-client-netty}: the RabbitMQ Java client on its Netty transport ({@code ConnectionFactory.netty()},
 * client 5.27 and later). The run's connections share one NIO event loop group (Netty's default size, twice the
 * cores), as that client's documentation recommends for many connections; {@link #close()} shuts it down.
 *
 * <p>Thread-safe: the group is created once, on first connect.
 */
public final class AmqpClientNettyDriver extends AmqpClientDriver {

    private EventLoopGroup group;

    /** Creates the driver (found by {@link java.util.ServiceLoader}). */
    public AmqpClientNettyDriver() {}

    @Override
    public String name() {
        return KnownClient.AMQP_CLIENT_NETTY.clientName();
    }

    @Override
    public String description() {
        return "RabbitMQ Java client " + clientVersion() + ", Netty " + nettyVersion() + " NIO transport";
    }

    @Override
    protected void configureTransport(ConnectionFactory factory) {
        factory.netty().eventLoopGroup(group());
    }

    private synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        }
        return group;
    }

    @Override
    public synchronized void close() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    private static String nettyVersion() {
        Version transport = Version.identify().get("netty-transport");
        return transport == null ? "4.x" : transport.artifactVersion();
    }
}
