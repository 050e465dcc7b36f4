package org.meshwork.api.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engines of this installation, by name. Descriptors may name any engine Meshwork knows ({@code duckdb},
 * {@code spark}); apply refuses a product whose engine is not installed here, and a run asks here and fails with
 * {@link EngineUnavailableException} when its engine is not installed.
 */
public final class Engines {

    private final Map<String, Engine> byName;

    private Engines(Map<String, Engine> byName) {
        this.byName = byName;
    }

    /** @throws IllegalArgumentException when two engines share a name */
    public static Engines of(List<Engine> engines) {
        Map<String, Engine> byName = new LinkedHashMap<>();
        for (Engine engine : engines) {
            if (byName.putIfAbsent(engine.name(), engine) != null) {
                throw new IllegalArgumentException("two engines are named '" + engine.name() + "'");
            }
        }
        return new Engines(Map.copyOf(byName));
    }

    /**
     * The engine with this name.
     *
     * @throws EngineUnavailableException when no such engine is installed
     */
    public Engine engine(String name) {
        Engine engine = byName.get(name);
        if (engine == null) {
            throw new EngineUnavailableException(name);
        }
        return engine;
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
