package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

/** The materialised result of a transform and its row count. */
public record TransformResult(Relation relation, long rowCount) {
    public TransformResult {
        requireNonNull(relation, "relation is null");
    }
}
