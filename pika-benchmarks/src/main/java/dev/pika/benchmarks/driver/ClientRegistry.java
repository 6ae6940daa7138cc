package dev.pika.benchmarks.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The drivers on the class path ({@link ServiceLoader} over {@link ClientDriver}), in {@link KnownClient} order
 * first, then any other (such as test drivers) by name; and the known clients that have none, with the reason.
 *
 * <p>Immutable after {@link #load()}; the drivers it holds are not connected until used.
 */
public final class ClientRegistry {

    private final Map<String, ClientDriver> drivers;
    private final Map<String, String> unavailable;

    private ClientRegistry(Map<String, ClientDriver> drivers, Map<String, String> unavailable) {
        this.drivers = Collections.unmodifiableMap(drivers);
        this.unavailable = Collections.unmodifiableMap(unavailable);
    }

    /**
     * Finds the drivers with this class's class loader.
     *
     * @return the registry
     * @throws IllegalStateException when two drivers claim the same name
     */
    public static ClientRegistry load() {
        ClassLoader loader = ClientRegistry.class.getClassLoader();
        Map<String, ClientDriver> found = new LinkedHashMap<>();
        for (ClientDriver driver : ServiceLoader.load(ClientDriver.class, loader)) {
            ClientDriver previous = found.putIfAbsent(driver.name(), driver);
            if (previous != null) {
                throw new IllegalStateException("two drivers are named '" + driver.name() + "': "
                        + previous.getClass().getName() + " and "
                        + driver.getClass().getName()
                        + "; remove one from META-INF/services/" + ClientDriver.class.getName());
            }
        }
        Map<String, ClientDriver> ordered = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (KnownClient known : KnownClient.values()) {
            ClientDriver driver = found.remove(known.clientName());
            if (driver != null) {
                ordered.put(known.clientName(), driver);
            } else {
                missing.put(known.clientName(), known.unavailableReason(loader));
            }
        }
        found.keySet().stream().sorted().forEach(name -> ordered.put(name, found.get(name)));
        return new ClientRegistry(ordered, missing);
    }

    /**
     * The available client names, known clients first.
     *
     * @return the names
     */
    public List<String> names() {
        return new ArrayList<>(drivers.keySet());
    }

    /**
     * Whether a driver has this name.
     *
     * @param name a {@code --client} value
     * @return true when it can run
     */
    public boolean isAvailable(String name) {
        return drivers.containsKey(name);
    }

    /**
     * A driver by name.
     *
     * @param name a {@code --client} value
     * @return the driver
     * @throws IllegalArgumentException naming the available clients (and why a known one is missing)
     */
    public ClientDriver driver(String name) {
        ClientDriver driver = drivers.get(name);
        if (driver == null) {
            String reason = unavailable.get(name);
            String why = reason != null
                    ? "client '" + name + "' is unavailable: " + reason
                    : "unknown client '" + name + "'";
            throw new IllegalArgumentException(why + ". Available: " + String.join(", ", drivers.keySet()));
        }
        return driver;
    }

    /**
     * The known clients without a driver, with the reason.
     *
     * @return client name to reason, in {@link KnownClient} order
     */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /**
     * A listing for {@code --list-clients} and run headers: one line per client.
     *
     * @return the lines
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        drivers.forEach(
                (name, driver) -> lines.add(String.format("  %-18s available    %s", name, driver.description())));
        unavailable.forEach((name, reason) -> lines.add(String.format("  %-18s unavailable  %s", name, reason)));
        return lines;
    }
}
