package org.meshwork.api.policy;

import java.util.List;
import org.meshwork.api.descriptor.PolicyStage;

/** A set of compiled policies, evaluated without compiling again. Safe to share between threads. */
public interface CompiledPolicies {
    List<Policy> policies();

    /**
     * Evaluates every policy of {@code stage} that applies to the subject's product, in policy order. A rule that
     * cannot be evaluated (a field it reads is missing, a wrong type) counts as failed, with the error as the reason.
     */
    List<PolicyResult> evaluate(PolicySubject subject, PolicyStage stage);

    /** Evaluates every applicable policy whatever its stage (reports, simulation, continuous compliance). */
    List<PolicyResult> evaluateAll(PolicySubject subject);
}
