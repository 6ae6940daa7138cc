package dev.pika.spring.autoconfigure.embedded;

import dev.pika.embedded.EmbeddedBroker;
import dev.pika.spring.autoconfigure.PikaConnectionDetails;
import java.util.List;
import java.util.Objects;

/**
 * {@link PikaConnectionDetails} of the embedded broker: its loopback address and the port it bound,
 * its user, password and virtual host. Read live, so a restarted broker's new port is seen.
 *
 * <p>Thread-safe: {@link EmbeddedBroker} is.
 */
public class EmbeddedBrokerConnectionDetails implements PikaConnectionDetails {

    private final EmbeddedBroker broker;

    /**
     * Creates the details of a broker.
     *
     * @param broker the broker; must be running when the addresses are read
     */
    public EmbeddedBrokerConnectionDetails(EmbeddedBroker broker) {
        this.broker = Objects.requireNonNull(broker, "broker must not be null");
    }

    @Override
    public List<Address> getAddresses() {
        return List.of(new Address(broker.host(), broker.port()));
    }

    @Override
    public String getUsername() {
        return broker.username();
    }

    @Override
    public String getPassword() {
        return broker.password();
    }

    @Override
    public String getVirtualHost() {
        return broker.virtualHost();
    }

    @Override
    public String toString() {
        return "EmbeddedBrokerConnectionDetails{" + broker + "}";
    }
}
