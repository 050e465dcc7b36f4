package org.meshwork.engine.duckdb;

import java.util.Optional;

/**
 * A source read into a raw table, before declared types are applied. {@code rejected} rows could not even be read
 * (malformed CSV lines, broken JSON) and are already in the quarantine; {@code lineColumn} names a column of the raw
 * table holding each row's line in its file, when known. A {@code typed} table already has the declared types (the
 * reader cast the values and quarantined the rows that did not cast); only the {@code NOT NULL} checks remain.
 */
record StagedSource(String rawTable, long rejected, Optional<String> lineColumn, boolean typed) {

    StagedSource(String rawTable, long rejected, Optional<String> lineColumn) {
        this(rawTable, rejected, lineColumn, false);
    }
}
