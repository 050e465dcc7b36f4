package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/**
 * How a product's rows expire under its retention ({@code storage.expire_by}).
 *
 * <ul>
 *   <li>{@link #EVENT_TIME}: a row expires when its {@code storage.event_time_column} lies before {@code now − retention}
 *       (the expired rows are deleted in a new snapshot; Iceberg's and Delta's row-level {@code DELETE … WHERE}).</li>
 *   <li>{@link #COMMIT_TIME}: a row expires when the commit that wrote it lies before {@code now − retention}: the data
 *       files committed before the cutoff leave the table in a new snapshot, so an overwritten product's whole snapshot
 *       expires once it is older than the retention (Iceberg's {@code expire_snapshots(older_than)}, Delta's
 *       {@code deletedFileRetentionDuration}), and an appended product loses its batches oldest first.</li>
 * </ul>
 */
public enum RowExpiry {
    EVENT_TIME, COMMIT_TIME;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<RowExpiry> fromLabel(String label) {
        return EnumLabels.fromLabel(RowExpiry.class, label);
    }
}
