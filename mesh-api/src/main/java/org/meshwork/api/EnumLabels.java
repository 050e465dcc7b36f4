package org.meshwork.api;

import java.util.Locale;
import java.util.Optional;

/** How enums are spelled in descriptors, configuration and JSON: the constant's name in lower case. */
public final class EnumLabels {
    private EnumLabels() {}

    /** {@code FAILED_QUALITY} → {@code failed_quality}. */
    public static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose label is {@code label}, exactly (labels are lower case). */
    public static <E extends Enum<E>> Optional<E> fromLabel(Class<E> type, String label) {
        for (E value : type.getEnumConstants()) {
            if (label(value).equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
