package dev.pika.spring.listener.container;

import dev.pika.spring.connection.PikaLifecyclePhases;
import dev.pika.spring.listener.PikaListenerContainer;
import dev.pika.spring.listener.PikaListenerContainerFactory;
import dev.pika.spring.listener.PikaListenerEndpoint;
import dev.pika.spring.listener.PikaListenerRegistry;
import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The starter's {@link PikaListenerRegistry} (bean {@code pikaListenerRegistry}): holds the containers
 * in registration order and runs them with the context, in phase {@link
 * PikaLifecyclePhases#LISTENER_CONTAINER} (after the connections and the template have started, and
 * stopped before them). {@link #start()} starts the containers whose endpoint says {@code autoStartup};
 * {@link #stop()} stops every running container, in parallel, each within its shutdown timeout.
 *
 * <p>Thread-safe. {@link #getListenerSnapshots()} never blocks (it reads a copy of the container list
 * and each container's volatile state).
 */
public class DefaultPikaListenerRegistry implements PikaListenerRegistry, SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(DefaultPikaListenerRegistry.class);

    private final PikaListenerContainerFactory defaultFactory;
    private final Map<String, PikaListenerContainer> containers = new LinkedHashMap<>();
    private volatile List<PikaListenerContainer> view = List.of();
    private volatile boolean running;

    /**
     * Creates the registry.
     *
     * @param defaultFactory the factory for endpoints registered without one
     */
    public DefaultPikaListenerRegistry(PikaListenerContainerFactory defaultFactory) {
        this.defaultFactory = Objects.requireNonNull(defaultFactory, "defaultFactory must not be null");
    }

    @Override
    public PikaListenerContainer register(PikaListenerEndpoint endpoint, PikaListenerContainerFactory factory) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        PikaListenerContainer container;
        boolean startNow;
        synchronized (containers) {
            if (containers.containsKey(endpoint.id())) {
                throw new IllegalStateException("a listener with id '" + endpoint.id() + "' is registered already ("
                        + containers.get(endpoint.id()).getEndpoint().description() + "); give each @PikaListener"
                        + " (or PikaListenerEndpoint) a unique id");
            }
            container = (factory != null ? factory : defaultFactory).createContainer(endpoint);
            containers.put(endpoint.id(), container);
            view = List.copyOf(containers.values());
            startNow = running && container.isAutoStartup();
        }
        if (startNow) {
            container.start();
        }
        return container;
    }

    @Override
    public Optional<PikaListenerContainer> getListenerContainer(String id) {
        synchronized (containers) {
            return Optional.ofNullable(containers.get(id));
        }
    }

    @Override
    public Collection<PikaListenerContainer> getListenerContainers() {
        return view;
    }

    @Override
    public List<PikaListenerSnapshot> getListenerSnapshots() {
        List<PikaListenerContainer> all = view;
        List<PikaListenerSnapshot> snapshots = new ArrayList<>(all.size());
        for (PikaListenerContainer container : all) {
            snapshots.add(container.snapshot());
        }
        return List.copyOf(snapshots);
    }

    @Override
    public void start() {
        List<PikaListenerContainer> toStart;
        synchronized (containers) {
            if (running) {
                return;
            }
            running = true;
            toStart = view;
        }
        for (PikaListenerContainer container : toStart) {
            if (container.isAutoStartup()) {
                container.start();
            }
        }
    }

    @Override
    public void stop() {
        List<PikaListenerContainer> toStop;
        synchronized (containers) {
            running = false;
            toStop = view;
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (PikaListenerContainer container : toStop) {
            if (!container.isRunning()) {
                continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread stopper = new Thread(
                    () -> {
                        try {
                            container.stop();
                        } catch (RuntimeException e) {
                            LOG.warn("Listener '" + container.getListenerId() + "' failed to stop", e);
                        } finally {
                            done.complete(null);
                        }
                    },
                    "pika-listener-stop-" + container.getListenerId());
            stopper.start();
            stopping.add(done);
        }
        CompletableFuture.allOf(stopping.toArray(new CompletableFuture<?>[0])).join();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PikaLifecyclePhases.LISTENER_CONTAINER;
    }

    @Override
    public String toString() {
        return "DefaultPikaListenerRegistry" + view;
    }
}
