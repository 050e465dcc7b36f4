package org.meshwork.api.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.PolicyStage;

/**
 * The latest verdict of one policy for one product, as kept by a {@link PolicyComplianceStore}.
 *
 * @param policyKey the policy's {@link Policy#key()}
 * @param stage the stage the policy declares
 * @param evaluatedIn where it was evaluated last: the apply gate, the run gate or the continuous evaluation
 */
public record ComplianceRecord(
        ProductId product,
        String policyKey,
        PolicyStage stage,
        Enforcement enforcement,
        PolicyVerdict verdict,
        String reason,
        Instant evaluatedAt,
        PolicyStage evaluatedIn) {

    public ComplianceRecord {
        requireNonNull(product, "product is null");
        requireNonNull(policyKey, "policyKey is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(enforcement, "enforcement is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        requireNonNull(evaluatedIn, "evaluatedIn is null");
    }

    public static ComplianceRecord of(PolicyResult result, Instant at, PolicyStage evaluatedIn) {
        return new ComplianceRecord(result.product(), result.policy().key(), result.policy().stage(),
                result.policy().enforcement(), result.verdict(), result.reason(), at, evaluatedIn);
    }
}
