package org.meshwork.platform.serving;

import java.util.List;

/** Rows as a writer pulls them, one at a time (a {@link org.meshwork.api.engine.ResultCursor} in production). */
interface RowSource {
    List<ResultColumn> columns();

    boolean next();

    Object value(int index);
}
