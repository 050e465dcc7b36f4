package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

/**
 * What loading one source did. Every row read is either loaded or quarantined: {@code rowsRead == rowsLoaded +
 * rowsQuarantined}.
 */
public record LoadResult(Relation relation, long rowsRead, long rowsLoaded, long rowsQuarantined) {
    public LoadResult {
        requireNonNull(relation, "relation is null");
        if (rowsRead != rowsLoaded + rowsQuarantined || rowsLoaded < 0 || rowsQuarantined < 0) {
            throw new IllegalArgumentException("rows read (" + rowsRead + ") must equal rows loaded (" + rowsLoaded
                    + ") plus rows quarantined (" + rowsQuarantined + ")");
        }
    }
}
