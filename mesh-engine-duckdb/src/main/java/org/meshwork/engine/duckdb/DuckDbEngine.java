package org.meshwork.engine.duckdb;

import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.SessionOptions;

/**
 * The embedded engine: every session is its own in-memory DuckDB database, sized by {@link SessionOptions} and
 * spilling to the session's temporary directory. Only DuckDB's built-in extensions (parquet, json, icu,
 * core_functions) are used; nothing is ever downloaded.
 */
public final class DuckDbEngine implements Engine {

    public static final String NAME = "duckdb";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineSession openSession(SessionOptions options) {
        return DuckDbSession.open(options);
    }
}
