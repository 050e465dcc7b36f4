package org.meshwork.api.lineage;

import java.util.List;
import java.util.Map;

/**
 * Derives column-level lineage from a transform's SQL. An SPI so the analysis can use the engine's own SQL parser
 * (which knows the dialect the transform runs in) while the catalog, which must not depend on an engine, consumes
 * the result.
 */
public interface SqlLineageAnalyzer {
    /**
     * @param sql one SELECT statement (CTEs allowed), as the engine runs it
     * @param knownColumns the columns of each dataset the SQL may read (source name → column names in order); used to
     *     resolve unqualified references and to expand {@code SELECT *}
     * @return the lineage; constructs the analysis does not follow are reported in it, never guessed. SQL that does
     *     not parse gives table-level-only lineage with the parser's message as a note.
     */
    TransformLineage analyze(String sql, Map<String, List<String>> knownColumns);
}
