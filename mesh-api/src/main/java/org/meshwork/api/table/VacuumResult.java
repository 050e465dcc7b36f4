package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a {@link ProductTable#vacuum vacuum} deleted.
 *
 * @param deletedFiles the deleted files, paths relative to the table root, sorted
 * @param deletedBytes their total size
 */
public record VacuumResult(List<String> deletedFiles, long deletedBytes) {
    public VacuumResult {
        deletedFiles = List.copyOf(requireNonNull(deletedFiles, "deletedFiles is null"));
    }
}
