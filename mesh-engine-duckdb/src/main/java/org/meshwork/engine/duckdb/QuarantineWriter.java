package org.meshwork.engine.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.meshwork.api.engine.EngineSession;

/** Appends rows that Java code rejected (malformed JSON, non-object records) to the session's quarantine. */
final class QuarantineWriter implements AutoCloseable {

    /** Longer raw records are cut, so one huge bad line cannot blow up the quarantine. */
    static final int MAX_RECORD_CHARS = 10_000;

    private final SessionDatabase database;
    private final String source;
    private final String runId;
    private DuckDBAppender appender;
    private long count;

    QuarantineWriter(SessionDatabase database, String source, String runId) {
        this.database = database;
        this.source = source;
        this.runId = runId;
    }

    void reject(String reason, String record, Long line) {
        String context = "source " + source + ": quarantine";
        try {
            if (appender == null) {
                appender = database.appender(context, EngineSession.QUARANTINE_RELATION);
            }
            appender.beginRow().append(source).append(reason).append(runId);
            String text = record.length() > MAX_RECORD_CHARS ? record.substring(0, MAX_RECORD_CHARS) : record;
            appender.append(text);
            if (line == null) {
                appender.appendNull();
            } else {
                appender.append(line.longValue());
            }
            appender.endRow();
            count++;
        } catch (SQLException e) {
            throw database.failure(context, e);
        }
    }

    long count() {
        return count;
    }

    @Override
    public void close() {
        if (appender != null) {
            try {
                appender.close();
                appender = null;
            } catch (SQLException e) {
                throw database.failure("source " + source + ": quarantine", e);
            }
        }
    }
}
