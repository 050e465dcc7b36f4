package org.meshwork.api.engine;

import java.util.List;
import org.meshwork.api.table.TableColumn;

/**
 * The rows of a running query, fetched from the engine as they are read, so a result larger than memory never has to
 * be held at once. Values are the plain Java types {@link Row} lists. Used by one thread; close it when done (closing
 * early stops the query).
 */
public interface ResultCursor extends AutoCloseable {

    /** The result's columns, with the engine's type names (e.g. {@code DECIMAL(12,2)}). */
    List<TableColumn> columns();

    /** Moves to the next row; false when there is none. */
    boolean next();

    /** A value of the current row, by 0-based column index. */
    Object value(int index);

    @Override
    void close();
}
