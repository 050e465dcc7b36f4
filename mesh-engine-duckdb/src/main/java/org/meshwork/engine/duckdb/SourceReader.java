package org.meshwork.engine.duckdb;

/** Reads one kind of source into a raw table of the session. */
interface SourceReader {
    StagedSource read(SourceContext context);
}
