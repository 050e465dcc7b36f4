package org.meshwork.engine.duckdb;

import java.util.List;
import java.util.Set;
import org.meshwork.api.ProductId;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.GovernedQueryEngine;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.SessionOptions;

/**
 * The embedded engine: every session is its own in-memory DuckDB database, sized by {@link SessionOptions} and
 * spilling to the session's temporary directory. Only DuckDB's built-in extensions (parquet, json, icu,
 * core_functions) are used; nothing is ever downloaded. It also serves governed reads ({@link GovernedQueryEngine}).
 */
public final class DuckDbEngine implements Engine, GovernedQueryEngine {

    public static final String NAME = "duckdb";

    private final SqlGuard guard = new SqlGuard();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineSession openSession(SessionOptions options) {
        return DuckDbSession.open(options);
    }

    @Override
    public Set<ProductId> productsOf(String sql) {
        return guard.productsOf(sql);
    }

    @Override
    public GovernedSession openGoverned(SessionOptions options, String maskSalt, List<GovernedView> views) {
        return GovernedDuckDbSession.open(options, maskSalt, views, guard);
    }
}
