package org.meshwork.platform.apply;

import java.util.List;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.store.ResourceChange;

/** What {@code mesh apply} will do, resource by resource, and the warnings found while planning. */
public record ApplyPlan(List<PlannedChange> changes, List<Problem> warnings) {
    public ApplyPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    public List<ResourceChange> storeChanges() {
        return changes.stream().flatMap(change -> change.change().stream()).toList();
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(change -> change.action() != ChangeAction.UNCHANGED);
    }

    public long count(ChangeAction action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }
}
