package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.TeamName;

/**
 * One rule under which the owning domain approves access requests in advance ({@code spec.access.auto_approve}): a
 * request is approved at once when the product is at most {@code maxSensitivity}, the requester is a member of one of
 * {@code teams} (of any team when the list is empty) and, when {@code requirePurpose}, states a purpose. The grant it
 * creates carries no PII clearance and expires after {@code expires} when given. Restricted products are never
 * approved automatically.
 */
public record AutoApproveRule(
        Classification maxSensitivity, List<TeamName> teams, boolean requirePurpose, Optional<DurationSpec> expires) {

    public AutoApproveRule {
        requireNonNull(maxSensitivity, "maxSensitivity is null");
        teams = List.copyOf(teams);
        requireNonNull(expires, "expires is null");
        InvalidArgumentException.check(maxSensitivity != Classification.RESTRICTED,
                "auto_approve max_sensitivity may not be restricted: restricted data needs a person of the owning"
                        + " domain to approve each request");
    }
}
