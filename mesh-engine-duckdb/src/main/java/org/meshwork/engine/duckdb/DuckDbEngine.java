package org.meshwork.engine.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
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
    private volatile String version;

    @Override
    public String name() {
        return NAME;
    }

    /** DuckDB's library version, asked of DuckDB itself once ({@code pragma_version()}), without the leading {@code v}. */
    @Override
    public String version() {
        String known = version;
        if (known == null) {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT library_version FROM pragma_version()")) {
                result.next();
                known = result.getString(1).replaceFirst("^v", "");
            } catch (SQLException e) {
                throw new MeshException(ErrorCode.INTERNAL, "cannot ask DuckDB for its version: " + e.getMessage(), e);
            }
            version = known;
        }
        return known;
    }

    /** One in-process database per session, on this machine's cores: it never adds workers. */
    @Override
    public boolean scalesOut() {
        return false;
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
