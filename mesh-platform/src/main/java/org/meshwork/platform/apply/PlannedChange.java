package org.meshwork.platform.apply;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;

/**
 * The plan for one resource: create, update or leave unchanged, the version it moves from, the store change to commit
 * (absent when unchanged) and notes for the user (e.g. where a storage location maps to, a contract change).
 */
public record PlannedChange(ResourceKey key, ChangeAction action, long currentVersion, Optional<ResourceChange> change,
        List<String> notes) {

    public PlannedChange {
        requireNonNull(key, "key is null");
        requireNonNull(action, "action is null");
        requireNonNull(change, "change is null");
        notes = List.copyOf(notes);
        if ((action == ChangeAction.UNCHANGED) != change.isEmpty()) {
            throw new IllegalArgumentException("an unchanged resource has no change, any other has one");
        }
    }

    /** The version the resource has after the apply. */
    public long resultingVersion() {
        return action == ChangeAction.UNCHANGED ? currentVersion : currentVersion + 1;
    }
}
