package dev.pika.spring.annotation;

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
import java.util.Optional;

/** A registry that records what the annotation processor registers, and starts nothing. */
class RecordingListenerRegistry implements PikaListenerRegistry {

    final Map<String, PikaListenerEndpoint> endpoints = new LinkedHashMap<>();
    final Map<String, PikaListenerContainerFactory> factories = new LinkedHashMap<>();
    private final Map<String, PikaListenerContainer> containers = new LinkedHashMap<>();

    PikaListenerEndpoint endpoint(String id) {
        PikaListenerEndpoint endpoint = endpoints.get(id);
        if (endpoint == null) {
            throw new AssertionError("no endpoint '" + id + "'; registered: " + endpoints.keySet());
        }
        return endpoint;
    }

    @Override
    public synchronized PikaListenerContainer register(
            PikaListenerEndpoint endpoint, PikaListenerContainerFactory factory) {
        if (endpoints.containsKey(endpoint.id())) {
            throw new IllegalStateException("duplicate " + endpoint.id());
        }
        endpoints.put(endpoint.id(), endpoint);
        factories.put(endpoint.id(), factory);
        PikaListenerContainer container = new StubContainer(endpoint);
        containers.put(endpoint.id(), container);
        return container;
    }

    @Override
    public Optional<PikaListenerContainer> getListenerContainer(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    @Override
    public Collection<PikaListenerContainer> getListenerContainers() {
        return List.copyOf(containers.values());
    }

    @Override
    public List<PikaListenerSnapshot> getListenerSnapshots() {
        return new ArrayList<>();
    }

    /** A container that never runs. */
    record StubContainer(PikaListenerEndpoint endpoint) implements PikaListenerContainer {
        @Override
        public String getListenerId() {
            return endpoint.id();
        }

        @Override
        public PikaListenerEndpoint getEndpoint() {
            return endpoint;
        }

        @Override
        public PikaListenerSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
