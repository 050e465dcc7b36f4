package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One column of a product's output contract. {@code classification} is free text (e.g. {@code pii}); {@link #isPii()}
 * is true when it says {@code pii} or the {@code pii} flag is set. {@code mask} names the masking strategy for PII.
 * {@code glossary} names the {@link GlossaryTermDescriptor glossary terms} the column stands for.
 */
public record ColumnSpec(
        String name,
        String type,
        Optional<String> description,
        boolean nullable,
        boolean unique,
        boolean primaryKey,
        Optional<String> classification,
        boolean pii,
        Optional<String> mask,
        List<String> tags,
        List<String> glossary) {

    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        requireNonNull(classification, "classification is null");
        requireNonNull(mask, "mask is null");
        tags = List.copyOf(tags);
        glossary = List.copyOf(glossary);
    }

    public boolean isPii() {
        return pii || classification.map("pii"::equalsIgnoreCase).orElse(false);
    }
}
