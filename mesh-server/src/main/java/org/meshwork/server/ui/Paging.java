package org.meshwork.server.ui;

import org.meshwork.api.InvalidArgumentException;

/**
 * One page of a list: every list the UI shows is read a page at a time, so that a mesh of 10,000 products (or an audit
 * log of millions of events) never makes a page slow.
 *
 * @param offset how many items to skip
 * @param limit how many items at most, 1 to {@link #MAX_LIMIT}
 */
public record Paging(int offset, int limit) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    public Paging {
        InvalidArgumentException.check(offset >= 0, "offset must be 0 or more, not %s", offset);
        InvalidArgumentException.check(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and %s, not %s",
                MAX_LIMIT, limit);
    }

    public static Paging first(int limit) {
        return new Paging(0, limit);
    }

    public Paging next() {
        return new Paging(offset + limit, limit);
    }

    public Paging previous() {
        return new Paging(Math.max(0, offset - limit), limit);
    }
}
