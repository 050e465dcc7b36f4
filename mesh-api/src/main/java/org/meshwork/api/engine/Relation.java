package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

/** A table inside an {@link EngineSession}: a loaded source, the quarantine or a transform result. */
public record Relation(String name) {
    public Relation {
        requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
        return name;
    }
}
