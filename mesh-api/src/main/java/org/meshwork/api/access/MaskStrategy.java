package org.meshwork.api.access;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** How a masked column's values are shown to a reader who may not see them in clear. */
public enum MaskStrategy {
    /** A fixed marker ({@code ***}) in place of every non-null value. */
    REDACT,
    /** A salted SHA-256 of the value: stable, so joins and counts of distinct values still work. */
    HASH,
    /** Everything but the last four characters replaced by {@code *}. */
    PARTIAL,
    /** NULL. */
    NULL;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<MaskStrategy> fromLabel(String label) {
        return EnumLabels.fromLabel(MaskStrategy.class, label);
    }
}
