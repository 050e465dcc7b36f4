package org.meshwork.descriptor;

import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.SourcePosition;

/**
 * Where a field of a parsed descriptor stands in its file, for checks made after parsing (at apply, against the store
 * and the installation) that must still report {@code file:line:column} and the field path.
 */
@FunctionalInterface
public interface FieldLocator {
    /** Knows no positions: every field is reported where its document starts. */
    FieldLocator ORIGINS = (descriptor, path) -> descriptor.origin();

    /**
     * Where the value at {@code path} (e.g. {@code spec.processing.engine}) of {@code descriptor} starts; for a path
     * that does not exist, where its nearest ancestor starts; for a descriptor this parse did not produce, its origin.
     */
    SourcePosition position(Descriptor descriptor, String path);
}
