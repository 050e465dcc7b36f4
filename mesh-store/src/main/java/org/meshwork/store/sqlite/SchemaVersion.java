package org.meshwork.store.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Tells, without starting Flyway, whether a database already has exactly this build's migrations: its
 * {@code flyway_schema_history} holds one successful row per migration of {@link #MIGRATIONS}, in order, with the
 * checksum Flyway computes for the migration's script, and nothing else. Anything else (a new file, a pending or failed
 * migration, an edited script, a newer schema) answers {@code false}, and Flyway migrates and validates as always.
 */
final class SchemaVersion {

    /** The scripts of {@code db/migration}, oldest first; a test checks that it lists the directory. */
    static final List<String> MIGRATIONS = List.of(
            "V1__init.sql", "V2__check_results.sql", "V3__access.sql", "V4__lineage.sql", "V5__policies.sql",
            "V6__product_keys.sql", "V7__store_revision.sql", "V8__audit_authentication.sql");
    private static final String LOCATION = "db/migration/";

    private SchemaVersion() {}

    static boolean isCurrent(Connection connection) {
        List<String> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT script, checksum, success FROM flyway_schema_history"
                        + " ORDER BY installed_rank")) {
            while (rows.next()) {
                Object checksum = rows.getObject(2);
                applied.add(rows.getString(1) + "|" + (checksum == null ? "null" : rows.getInt(2)) + "|"
                        + rows.getBoolean(3));
            }
        } catch (SQLException e) {
            return false; // a new database: no history table yet
        }
        List<String> expected = new ArrayList<>();
        for (String script : MIGRATIONS) {
            Integer checksum = checksum(script);
            if (checksum == null) {
                return false;
            }
            expected.add(script + "|" + checksum + "|true");
        }
        return applied.equals(expected);
    }

    /** Flyway's checksum of a SQL migration: CRC32 of its lines' UTF-8 bytes without line breaks or a leading BOM. */
    static Integer checksum(String script) {
        try (InputStream in = SchemaVersion.class.getClassLoader().getResourceAsStream(LOCATION + script)) {
            if (in == null) {
                return null;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            boolean first = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return (int) crc.getValue();
        } catch (IOException e) {
            return null;
        }
    }
}
