package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One column a reader may see, and the mask its values go through (empty: in clear). */
public record ColumnAccess(String name, Optional<MaskStrategy> mask) {

    public ColumnAccess {
        requireNonNull(name, "name is null");
        requireNonNull(mask, "mask is null");
    }

    public static ColumnAccess clear(String name) {
        return new ColumnAccess(name, Optional.empty());
    }

    public static ColumnAccess masked(String name, MaskStrategy mask) {
        return new ColumnAccess(name, Optional.of(mask));
    }

    public boolean isMasked() {
        return mask.isPresent();
    }
}
