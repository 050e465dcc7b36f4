package org.meshwork.platform.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.ExportedFile;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.ResultCursor;

/**
 * A started governed query whose rows go straight from the engine's cursor to the output: one row at a time for
 * JSON, NDJSON and CSV; for Parquet, the engine writes a file in its private export directory, which is copied to the
 * output and deleted. Ending it (a complete write, or a close) stops the query, closes the session, frees the
 * principal's query slot and appends the audit event(s) with the rows written.
 *
 * <p>No byte reaches the output before the read is in the audit log ({@link AuditedOutput}): a result of up to
 * {@link #HOLD_BYTES} is held until its entry with the row count is committed, so a read that cannot be audited
 * returns nothing; a larger one appends a {@code started} entry before its first bytes leave, then the entry with the
 * row count when it ends. A process killed mid-stream thus still leaves a record of the read.
 */
final class GovernedResultStream implements ResultStream {

    /** Results up to this size leave only once complete and audited; every selective read fits. */
    static final int HOLD_BYTES = 64 * 1024;

    /** The audit of the read: each method appends its entries and returns once they are committed. */
    interface Completion {
        /** The result outgrew the hold and is about to leave before it is complete. */
        void started(List<ResultColumn> columns);

        /** Called once, when the read ends: rows written, columns, and the failure if the write failed. */
        void done(long rows, List<ResultColumn> columns, Optional<RuntimeException> failure);
    }

    /** Remembers that the query timeout fired, so a cancellation is reported as a timeout. */
    static final class Timeout {
        private final Duration limit;
        private volatile boolean fired;

        Timeout(Duration limit) {
            this.limit = limit;
        }

        void fire() {
            fired = true;
        }

        RuntimeException translate(RuntimeException e) {
            if (fired && e instanceof QueryCancelledException) {
                return new MeshException(ErrorCode.QUERY_TIMEOUT, "the query ran longer than serving.query_timeout ("
                        + limit.toSeconds() + "s) allows and was cancelled; filter or aggregate more, or ask for fewer"
                        + " rows", e);
            }
            return e;
        }
    }

    private final GovernedSession session;
    private final ResultCursor cursor;
    private final Supplier<ExportedFile> export;
    private final long limit;
    private final LongFunction<Optional<String>> nextCursorAfter;
    private final OptionalLong version;
    private final Timeout timeout;
    private final Completion completion;
    private final List<ResultColumn> columns;
    private boolean written;
    private boolean ended;
    private boolean closed;
    private long rows;
    private boolean more;
    private Optional<RuntimeException> failure = Optional.empty();

    GovernedResultStream(GovernedSession session, ResultCursor cursor, Supplier<ExportedFile> export, long limit,
            LongFunction<Optional<String>> nextCursorAfter, OptionalLong version, Timeout timeout,
            Completion completion) {
        this.session = session;
        this.cursor = cursor;
        this.export = export;
        this.limit = limit;
        this.nextCursorAfter = nextCursorAfter;
        this.version = version;
        this.timeout = timeout;
        this.completion = completion;
        this.columns = cursor.columns().stream().map(c -> new ResultColumn(c.name(), c.type())).toList();
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public OptionalLong version() {
        return version;
    }

    @Override
    public long writeTo(ResultFormat format, OutputStream out) throws IOException {
        if (written || closed) {
            throw new IllegalStateException("a result is written once");
        }
        written = true;
        AuditedOutput audited = new AuditedOutput(out, HOLD_BYTES, () -> completion.started(columns));
        try {
            write(format, audited);
        } catch (RuntimeException e) {
            RuntimeException translated = timeout.translate(e);
            failure = Optional.of(translated);
            throw translated;
        } catch (IOException e) {
            failure = Optional.of(new MeshException(ErrorCode.INTERNAL, "writing the result failed: " + e.getMessage(), e));
            throw e;
        }
        end();
        audited.release();
        out.flush();
        return rows;
    }

    private void write(ResultFormat format, OutputStream out) throws IOException {
        if (format == ResultFormat.PARQUET) {
            cursor.close();
            ExportedFile file = export.get();
            try (InputStream in = Files.newInputStream(file.file())) {
                in.transferTo(out);
            } finally {
                Files.deleteIfExists(file.file());
            }
            rows = file.rows();
            // the file holds exactly the page, so whether more follow is not probed: a full page offers a cursor
            more = rows == limit;
        } else {
            RowSource source = new RowSource() {
                @Override
                public List<ResultColumn> columns() {
                    return columns;
                }

                @Override
                public boolean next() {
                    return cursor.next();
                }

                @Override
                public Object value(int index) {
                    return cursor.value(index);
                }
            };
            rows = ResultWriter.write(format, source, out, limit);
            more = rows == limit && cursor.next();
        }
    }

    @Override
    public Optional<String> nextCursor() {
        return more ? nextCursorAfter.apply(rows) : Optional.empty();
    }

    @Override
    public boolean truncated() {
        return more;
    }

    @Override
    public void close() {
        closed = true;
        end();
    }

    /** Once: stops the query, closes the session and appends the read's audit entries (see {@link Completion#done}). */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            cursor.close();
        } finally {
            try {
                session.close();
            } finally {
                if (!written && failure.isEmpty()) {
                    failure = Optional.of(new MeshException(ErrorCode.INTERNAL, "closed before the result was written"));
                }
                completion.done(rows, columns, failure);
            }
        }
    }
}
