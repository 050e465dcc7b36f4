package org.meshwork.platform.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;

/**
 * Compares two versions of a product's output contract. A change is breaking when a consumer that relied on the old
 * contract can fail: a column removed, its type changed, or a column that was non-null becoming nullable. Added
 * columns and tightened nullability are compatible.
 */
public final class ContractDiff {
    private ContractDiff() {}

    /** The breaking changes from {@code before} to {@code after}, one sentence each; empty when compatible. */
    public static List<String> breakingChanges(OutputSchema before, OutputSchema after) {
        List<String> changes = new ArrayList<>();
        for (ColumnSpec old : before.columns()) {
            var now = after.column(old.name());
            if (now.isEmpty()) {
                changes.add("column '" + old.name() + "' removed");
                continue;
            }
            if (!normalise(old.type()).equals(normalise(now.get().type()))) {
                changes.add("column '" + old.name() + "' changed type from " + old.type() + " to " + now.get().type());
            }
            if (!old.nullable() && now.get().nullable()) {
                changes.add("column '" + old.name() + "' became nullable");
            }
        }
        return changes;
    }

    /** Compatible additions, one sentence each. */
    public static List<String> additions(OutputSchema before, OutputSchema after) {
        return after.columns().stream()
                .filter(column -> before.column(column.name()).isEmpty())
                .map(column -> "column '" + column.name() + "' added")
                .toList();
    }

    private static String normalise(String type) {
        return type.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
