package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.Ordering;
import org.meshwork.api.engine.ProductRead;
import org.meshwork.api.engine.ResultCursor;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.api.table.TableColumn;

/** The session pool on real DuckDB: reuse only for identical recipes, the lock-down on pooled connections, bounds. */
class GovernedSessionPoolIT {

    private static final String SALT = "s3cr3tSaltForTests0001";
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final List<TableColumn> SCHEMA = List.of(new TableColumn("id", "BIGINT", false),
            new TableColumn("email", "VARCHAR", true), new TableColumn("country", "VARCHAR", true));

    @TempDir
    Path directory;

    private Path version1;
    private Path version2;
    private Path canary;

    @BeforeEach
    void writeData() throws Exception {
        version1 = directory.resolve("lake/orders/part-1.parquet");
        version2 = directory.resolve("lake/orders/part-2.parquet");
        Files.createDirectories(version1.getParent());
        canary = directory.resolve("canary.csv");
        Files.writeString(canary, "secret\ncanary-value\n");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (Path file : List.of(version1, version2)) {
                long rows = file == version1 ? 4 : 6;
                statement.execute("COPY (SELECT range AS id, 'user' || range || '@example.com' AS email,"
                        + " CASE WHEN range % 2 = 0 THEN 'DE' ELSE 'FR' END AS country FROM range(" + rows + ")) TO '"
                        + file + "' (FORMAT parquet)");
            }
        }
    }

    private static ReadDecision decision(MaskStrategy emailMask, String basis) {
        return new ReadDecision(ORDERS, List.of(ColumnAccess.clear("id"), ColumnAccess.masked("email", emailMask),
                ColumnAccess.clear("country")), List.of(), basis, Optional.empty());
    }

    private GovernedSession open(GovernedSessionPool pool, ReadDecision decision, Path file) {
        return pool.openGoverned(new SessionOptions("read-" + System.nanoTime(), Optional.of("256MB"),
                java.util.OptionalInt.of(1), Optional.of(directory.resolve("tmp")), List.of()), SALT,
                List.of(new GovernedView(ORDERS, List.of(file), SCHEMA, decision)));
    }

    private static List<List<Object>> all(GovernedSession session) {
        try (ResultCursor cursor = session.read(new ProductRead(ORDERS, List.of(), List.of(),
                List.of(new Ordering("id", false, false)), 100, 0))) {
            List<List<Object>> rows = new ArrayList<>();
            while (cursor.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < cursor.columns().size(); i++) {
                    row.add(cursor.value(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void anIdenticalRecipeReusesTheDatabaseAndReadsWhatAFreshSessionReads() {
        try (GovernedSessionPool pool = new GovernedSessionPool(4, Duration.ofMinutes(1))) {
            List<List<Object>> first;
            try (GovernedSession session = open(pool, decision(MaskStrategy.HASH, "grant g-1"), version1)) {
                first = all(session);
            }
            List<List<Object>> second;
            try (GovernedSession session = open(pool, decision(MaskStrategy.HASH, "grant g-1"), version1)) {
                second = all(session);
            }
            assertThat(pool.size()).isEqualTo(1);
            assertThat(pool.reusedAndCreated()).containsExactly(1, 1);
            List<List<Object>> fresh;
            try (GovernedSession session = new DuckDbEngine().openGoverned(new SessionOptions("fresh",
                    Optional.empty(), java.util.OptionalInt.empty(), Optional.of(directory.resolve("tmp")), List.of()),
                    SALT, List.of(new GovernedView(ORDERS, List.of(version1), SCHEMA,
                            decision(MaskStrategy.HASH, "grant g-1"))))) {
                fresh = all(session);
            }
            assertThat(first).isEqualTo(second).isEqualTo(fresh).hasSize(4);
            assertThat(first.get(0).get(1).toString()).hasSize(64);
        }
    }

    @Test
    void differentMasksNeverShareADatabase() {
        try (GovernedSessionPool pool = new GovernedSessionPool(4, Duration.ofMinutes(1));
                GovernedSession hashed = open(pool, decision(MaskStrategy.HASH, "grant g-1"), version1);
                GovernedSession redacted = open(pool, decision(MaskStrategy.REDACT, "grant g-2"), version1)) {
            assertThat(pool.size()).isEqualTo(2);
            assertThat(pool.reusedAndCreated()).containsExactly(0, 2);
            assertThat(all(hashed)).allSatisfy(row -> assertThat(row.get(1).toString()).hasSize(64));
            assertThat(all(redacted)).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("***"));
            // interleaved again: each keeps its own view
            assertThat(all(hashed).toString()).doesNotContain("***").doesNotContain("@example.com");
        }
    }

    @Test
    void aPooledConnectionIsAsLockedDownAsAFreshDatabase() {
        try (GovernedSessionPool pool = new GovernedSessionPool(4, Duration.ofMinutes(1))) {
            try (GovernedSession first = open(pool, decision(MaskStrategy.HASH, "g"), version1)) {
                all(first);
            }
            GovernedDuckDbSession session = (GovernedDuckDbSession) open(pool, decision(MaskStrategy.HASH, "g"), version1);
            try (session) {
                assertThat(pool.reusedAndCreated()[0]).isEqualTo(1);
                assertThatThrownBy(() -> session.selectUnguarded("SELECT * FROM read_csv('" + canary + "')",
                        row -> row.value(0))).isInstanceOf(MeshException.class).hasMessageContaining("disabled by configuration");
                assertThatThrownBy(() -> session.selectUnguarded("SELECT * FROM read_parquet('" + version2 + "')",
                        row -> row.value(0))).isInstanceOf(MeshException.class);
                assertThatThrownBy(() -> session.selectUnguarded("SET enable_external_access = true", row -> row.value(0)))
                        .isInstanceOf(MeshException.class);
                assertThat(session.selectUnguarded("SELECT current_setting('lock_configuration')", row -> row.value(0)))
                        .containsExactly(true);
            }
        }
    }

    @Test
    void aNewSnapshotRetiresTheOldDatabaseAndReadsTheNewFiles() {
        try (GovernedSessionPool pool = new GovernedSessionPool(4, Duration.ofMinutes(1))) {
            try (GovernedSession old = open(pool, decision(MaskStrategy.HASH, "g"), version1)) {
                assertThat(all(old)).hasSize(4);
                try (GovernedSession current = open(pool, decision(MaskStrategy.HASH, "g"), version2)) {
                    assertThat(all(current)).hasSize(6);
                    // the running read of the old snapshot still finishes on its database
                    assertThat(all(old)).hasSize(4);
                    assertThat(pool.size()).isEqualTo(1);
                }
            }
            try (GovernedSession again = open(pool, decision(MaskStrategy.HASH, "g"), version2)) {
                assertThat(all(again)).hasSize(6);
            }
            assertThat(pool.reusedAndCreated()).containsExactly(1, 2);
        }
    }

    @Test
    void whenEveryPooledDatabaseIsBusyAReadGetsOneOfItsOwnAndIdleOnesClose() {
        MutableClock clock = new MutableClock();
        try (GovernedSessionPool pool = new GovernedSessionPool(1, Duration.ofSeconds(30), clock)) {
            try (GovernedSession busy = open(pool, decision(MaskStrategy.HASH, "g-1"), version1);
                    GovernedSession other = open(pool, decision(MaskStrategy.REDACT, "g-2"), version1)) {
                assertThat(pool.size()).isEqualTo(1);
                assertThat(all(other)).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("***"));
                assertThat(all(busy)).allSatisfy(row -> assertThat(row.get(1).toString()).hasSize(64));
            }
            // idle now: a new recipe evicts the least recently used database
            try (GovernedSession other = open(pool, decision(MaskStrategy.REDACT, "g-2"), version1)) {
                assertThat(all(other)).hasSize(4);
            }
            assertThat(pool.size()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(31));
            pool.closeIdle();
            assertThat(pool.size()).isZero();
        }
    }

    @Test
    void cancellingOneReaderLeavesTheOtherReadersOfTheDatabaseAlone() {
        try (GovernedSessionPool pool = new GovernedSessionPool(2, Duration.ofMinutes(1));
                GovernedSession a = open(pool, decision(MaskStrategy.HASH, "g"), version1);
                GovernedSession b = open(pool, decision(MaskStrategy.HASH, "g"), version1)) {
            assertThat(pool.size()).isEqualTo(1);
            a.cancel();
            assertThatThrownBy(() -> all(a)).isInstanceOf(MeshException.class);
            assertThat(all(b)).hasSize(4);
        }
    }

    @Test
    void aClosedPoolRefusesNewReads() {
        GovernedSessionPool pool = new GovernedSessionPool(2, Duration.ofMinutes(1));
        pool.close();
        assertThatThrownBy(() -> open(pool, decision(MaskStrategy.HASH, "g"), version1))
                .isInstanceOf(MeshException.class).hasMessageContaining("shut down");
    }

    @Test
    void poolingOffOpensAFreshDatabaseEveryTime() {
        try (GovernedSessionPool pool = new GovernedSessionPool(0, Duration.ofMinutes(1))) {
            try (GovernedSession session = open(pool, decision(MaskStrategy.HASH, "g"), version1)) {
                assertThat(all(session)).hasSize(4);
            }
            assertThat(pool.size()).isZero();
            assertThat(pool.reusedAndCreated()).containsExactly(0, 0);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
