package org.meshwork.api.policy;

import java.util.List;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** Required policies failed: the apply, the publication or the access they guard is refused. Lists every failure. */
public class PolicyViolationException extends MeshException {
    private static final long serialVersionUID = 1L;

    private final transient List<PolicyResult> violations;

    public PolicyViolationException(String what, List<PolicyResult> violations) {
        super(ErrorCode.POLICY_VIOLATION, what + " refused by " + violations.size()
                + (violations.size() == 1 ? " required policy" : " required policies") + ":\n"
                + violations.stream().map(v -> "  " + v.describe()).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<PolicyResult> violations() {
        return violations;
    }
}
