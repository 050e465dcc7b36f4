package org.meshwork.platform.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of a governed read, not yet read: its columns are known, its rows are produced while they are written, so
 * a result larger than memory streams through. Write it once, then close it (closing without writing cancels the
 * query). The audit event is appended when the read ends, with the number of rows written, and no byte reaches the
 * output before the read is in the audit log: a small result is held until that entry is committed, a large one
 * streams after an entry recording that it started.
 */
public interface ResultStream extends AutoCloseable {

    List<ResultColumn> columns();

    /** The snapshot read, for a read of one product. */
    OptionalLong version();

    /** Writes every row in the format and returns how many were written. */
    long writeTo(ResultFormat format, OutputStream out) throws IOException;

    /** The cursor that continues after the rows written, when the read was paged and more rows follow. */
    Optional<String> nextCursor();

    /**
     * Whether rows were left out because the result reached the workspace's row limit ({@code serving.row_limit}),
     * for a query, which has no page to continue with; known once {@link #writeTo} returned.
     */
    default boolean truncated() {
        return false;
    }

    @Override
    void close();
}
