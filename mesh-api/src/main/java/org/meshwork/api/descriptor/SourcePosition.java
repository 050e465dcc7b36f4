package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

/** Where something stands in a descriptor file: 1-based line and column. */
public record SourcePosition(String file, int line, int column) {
    public SourcePosition {
        requireNonNull(file, "file is null");
    }

    public static SourcePosition startOf(String file) {
        return new SourcePosition(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
