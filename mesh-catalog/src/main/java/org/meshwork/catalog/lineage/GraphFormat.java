package org.meshwork.catalog.lineage;

import java.util.Locale;
import java.util.Optional;

/** How a lineage view or the domain map is printed. */
public enum GraphFormat {
    TEXT, JSON, DOT, MERMAID;

    public static Optional<GraphFormat> fromLabel(String label) {
        for (GraphFormat format : values()) {
            if (format.name().equalsIgnoreCase(label)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
