package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

/** A column of a result: its name and SQL type as the engine reports it (e.g. {@code DECIMAL(12,2)}). */
public record ResultColumn(String name, String type) {

    public ResultColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
