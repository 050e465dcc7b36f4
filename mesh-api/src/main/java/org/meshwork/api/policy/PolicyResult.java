package org.meshwork.api.policy;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.ProductId;

/**
 * One policy evaluated for one product. {@code reason} says why it failed (the policy's message, or the evaluation
 * error such as a missing field) and is empty-worded ("rule holds") when it passed.
 */
public record PolicyResult(Policy policy, ProductId product, PolicyVerdict verdict, String reason) {
    public PolicyResult {
        requireNonNull(policy, "policy is null");
        requireNonNull(product, "product is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
    }

    public boolean passed() {
        return verdict == PolicyVerdict.PASS;
    }

    /** {@code required policy 'data-lineage' failed for dp.x.y: reason}. */
    public String describe() {
        return policy.enforcement().label() + " " + (policy.isGlobal() ? "global" : "domain") + " policy '"
                + policy.key() + "' " + (passed() ? "passed" : "failed") + " for " + product + ": " + reason;
    }
}
