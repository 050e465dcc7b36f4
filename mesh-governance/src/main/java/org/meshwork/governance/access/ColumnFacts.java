package org.meshwork.governance.access;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.access.MaskStrategy;

/** What access control needs of one contract column: its name, whether it holds PII, and how PII is masked. */
public record ColumnFacts(String name, boolean pii, MaskStrategy mask) {

    public ColumnFacts {
        requireNonNull(name, "name is null");
        requireNonNull(mask, "mask is null");
    }
}
