package org.meshwork.engine.duckdb;

import java.util.Optional;

/**
 * A source read into a raw table, before declared types are applied. {@code rejected} rows could not even be read
 * (malformed CSV lines, broken JSON) and are already in the quarantine; {@code lineColumn} names a column of the raw
 * table holding each row's line in its file, when known.
 */
record StagedSource(String rawTable, long rejected, Optional<String> lineColumn) {}
