package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.WrittenResult;
import org.meshwork.testing.engine.TestSources;

/**
 * Parquet and product sources without declared columns are views over exactly their files: nothing is copied, the
 * transform streams from the files, and after the load phase SQL may read those files but no other host file.
 */
class ParquetSourceViewIT {

    @TempDir
    Path directory;

    private EngineSession session;
    private Path lake;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(directory.resolve("pq"));
        Files.createDirectories(directory.resolve("upstream"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT range AS id FROM range(3)) TO '" + directory.resolve("pq/a.parquet") + "'");
            statement.execute("COPY (SELECT range + 3 AS id FROM range(2)) TO '" + directory.resolve("pq/b.parquet") + "'");
            statement.execute("COPY (SELECT 1 AS id) TO '" + directory.resolve("upstream/part-1.parquet") + "'");
            statement.execute("COPY (SELECT 99 AS id) TO '" + directory.resolve("upstream/part-2.parquet") + "'");
        }
        lake = directory.resolve("lake");
        // the sources lie outside the session's only output root
        session = new DuckDbEngine().openSession(SessionOptions.of("run-views", List.of(lake)));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void aParquetGlobIsAViewOverTheFilesFoundAtLoadTimeThatTheTransformStreamsFrom() throws Exception {
        LoadResult loaded = session.load(TestSources.file("numbers", SourceType.PARQUET, "pq/*.parquet", Map.of(),
                Map.of()), SourceInput.of(directory));
        // a file that appears after the load is not part of this run
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT 100 AS id) TO '" + directory.resolve("pq/c.parquet") + "'");
        }

        assertThat(loaded.rowsRead()).isEqualTo(5);
        assertThat(loaded.rowsLoaded()).isEqualTo(5);
        assertThat(session.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'numbers'",
                List.of(), row -> row.value(0))).containsExactly("VIEW");
        WrittenResult written = session.writeResult(sql("SELECT id * 10 AS id FROM numbers"), Optional.empty(),
                OutputSchema.empty(), lake.resolve("t"), lake.resolve("t/data"), ParquetWriteOptions.defaults());
        assertThat(written.rowCount()).isEqualTo(5);
        assertThat(session.query("SELECT CAST(sum(id) AS BIGINT) FROM " + written.relation().name(), List.of(),
                row -> row.value(0))).containsExactly(100L);
    }

    @Test
    void onlyTheSourcesFilesBecomeReadableAfterTheLoadPhase() {
        session.load(TestSources.product("orders", "dp.sales.orders"),
                SourceInput.ofProduct(List.of(directory.resolve("upstream/part-1.parquet")), List.of()));

        assertThat(session.query("SELECT id FROM orders", List.of(), row -> row.value(0))).containsExactly(1);
        assertThatThrownBy(() -> session.query("SELECT * FROM read_parquet(?)",
                List.of(directory.resolve("upstream/part-2.parquet").toString()), row -> row.value(0)))
                .isInstanceOf(MeshException.class).hasMessageContaining("Permission Error");
    }

    @Test
    void aParquetSourceWithDeclaredColumnsIsStillCopiedAndTyped() {
        LoadResult loaded = session.load(TestSources.file("numbers", SourceType.PARQUET, "pq/*.parquet", Map.of(),
                Map.of("id", "INTEGER NOT NULL")), SourceInput.of(directory));

        assertThat(loaded.rowsLoaded()).isEqualTo(5);
        assertThat(session.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'numbers'",
                List.of(), row -> row.value(0))).containsExactly("BASE TABLE");
    }

    private static TransformSpec sql(String sql) {
        return new TransformSpec(Optional.of(sql), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), false);
    }
}
