package org.meshwork.platform.apply;

import java.util.List;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.store.ResourceChange;

/**
 * What {@code mesh apply} will do, resource by resource, the warnings found while planning, and the verdicts of the
 * apply-stage policies for each created or changed product (none of them {@code fail}: those refuse the plan).
 */
public record ApplyPlan(List<PlannedChange> changes, List<Problem> warnings, List<PolicyResult> policyResults) {
    public ApplyPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        policyResults = List.copyOf(policyResults);
    }

    /** The policies that did not pass but do not block: {@code recommended} (warn) and {@code optional} (info). */
    public List<PolicyResult> policyFindings() {
        return policyResults.stream().filter(result -> !result.passed()).toList();
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
