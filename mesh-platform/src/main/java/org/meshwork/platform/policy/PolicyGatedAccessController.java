package org.meshwork.platform.policy;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyViolationException;

/**
 * The access gate of federated governance: every read the inner controller allows is then put to the
 * {@code access}-stage policies, and a failing {@code required} one refuses it with
 * {@link PolicyViolationException} (403 {@code policy_violation}), every failing policy listed.
 *
 * <p>A decorator rather than a change to the access controller, because the grants and classification rules live in
 * mesh-governance, which knows nothing of stored policies; the two decisions are independent and both must allow.
 * Discovery and control actions pass through unchanged: access-stage policies are about reading data.
 */
public final class PolicyGatedAccessController implements AccessController {

    /** The access-stage policies {@code principal} reading {@code product} as {@code access} does not pass. */
    @FunctionalInterface
    public interface AccessGate {
        List<PolicyResult> violations(Principal principal, ProductId product, Map<String, Object> access);
    }

    private final AccessController inner;
    private final AccessGate gate;

    public PolicyGatedAccessController(AccessController inner, AccessGate gate) {
        this.inner = requireNonNull(inner, "inner is null");
        this.gate = requireNonNull(gate, "gate is null");
    }

    @Override
    public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
        ReadDecision decision = inner.authorizeRead(principal, product, purpose);
        List<PolicyResult> failing = gate.violations(principal, product, facts(decision, purpose)).stream()
                .filter(result -> result.verdict().blocks()).toList();
        if (!failing.isEmpty()) {
            throw new PolicyViolationException("read of " + product + " by " + principal.name(), failing);
        }
        return decision;
    }

    /** What the policies see of the read as {@code access}: columns, masked columns, row filter, basis, purpose. */
    static Map<String, Object> facts(ReadDecision decision, Optional<String> purpose) {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("columns", decision.columns().stream().map(ColumnAccess::name).toList());
        access.put("masked_columns", decision.columns().stream().filter(column -> column.mask().isPresent())
                .map(ColumnAccess::name).toList());
        access.put("row_filtered", !decision.rowFilter().isEmpty());
        access.put("basis", decision.basis());
        purpose.or(decision::purpose).filter(text -> !text.isBlank()).ifPresent(text -> access.put("purpose", text));
        return access;
    }

    @Override
    public boolean canDiscover(Principal principal, ProductId product) {
        return inner.canDiscover(principal, product);
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
        inner.authorizeControl(principal, action, product);
    }

    @Override
    public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
        inner.authorizeControl(principal, action, domain);
    }
}
