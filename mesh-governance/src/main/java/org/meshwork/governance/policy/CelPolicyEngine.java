package org.meshwork.governance.policy;

import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyEngine;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicySubject;
import org.meshwork.api.policy.PolicyVerdict;

/**
 * {@link PolicyEngine} on CEL (the Common Expression Language of Kubernetes admission and cloud IAM conditions):
 * non-Turing-complete, side-effect free and fast, so a rule written by any domain team can run on every apply, run
 * and read. Each rule is type-checked once against the declared variables (all {@code dyn}, so rules read the
 * descriptor as YAML has it) and must yield a {@code bool}; the standard macros ({@code has}, {@code all},
 * {@code exists}, {@code exists_one}, {@code map}, {@code filter}) are on.
 */
public final class CelPolicyEngine implements PolicyEngine {
    /** The compiler and runtime, built on the first rule to compile: a mesh without policies never loads CEL. */
    private volatile Cel cel;

    private record Cel(CelCompiler compiler, CelRuntime runtime) {
        static Cel create() {
            CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    .setResultType(SimpleType.BOOL);
            for (String variable : VARIABLES) {
                builder.addVar(variable, SimpleType.DYN);
            }
            return new Cel(builder.build(), CelRuntimeFactory.standardCelRuntimeBuilder().build());
        }
    }

    private Cel cel() {
        Cel current = cel;
        if (current == null) {
            synchronized (this) {
                current = cel;
                if (current == null) {
                    current = Cel.create();
                    cel = current;
                }
            }
        }
        return current;
    }

    @Override
    public CompiledPolicies compile(List<Policy> policies) {
        List<Problem> problems = new ArrayList<>();
        List<CompiledRule> rules = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Policy policy : policies) {
            if (!keys.add(policy.key())) {
                throw new IllegalArgumentException("policy " + policy.key() + " is given twice");
            }
            try {
                Cel cel = cel();
                CelRuntime.Program program = cel.runtime().createProgram(cel.compiler().compile(policy.rule()).getAst());
                rules.add(new CompiledRule(policy, program));
            } catch (CelValidationException e) {
                for (CelIssue issue : e.getErrors()) {
                    problems.add(problem(policy, issue));
                }
            } catch (CelEvaluationException e) {
                problems.add(Problem.error(policy.rulePosition(), "spec.rule",
                        "the CEL rule of policy '" + policy.key() + "' cannot be planned: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDescriptorException(problems);
        }
        return new CelCompiledPolicies(rules);
    }

    private static Problem problem(Policy policy, CelIssue issue) {
        CelSourceLocation location = issue.getSourceLocation();
        String where = location.getLine() > 0
                ? "line " + location.getLine() + ", column " + (location.getColumn() + 1) + " of the expression"
                : "the expression";
        return Problem.error(policy.rulePosition(), "spec.rule",
                "invalid CEL rule of policy '" + policy.key() + "' at " + where + ": " + issue.getMessage(),
                "rules are boolean CEL expressions over " + String.join(", ", VARIABLES)
                        + "; see docs/governance.md");
    }

    private record CompiledRule(Policy policy, CelRuntime.Program program) {}

    private static final class CelCompiledPolicies implements CompiledPolicies {
        private final List<CompiledRule> rules;
        private final List<Policy> policies;

        CelCompiledPolicies(List<CompiledRule> rules) {
            this.rules = List.copyOf(rules);
            this.policies = rules.stream().map(CompiledRule::policy).toList();
        }

        @Override
        public List<Policy> policies() {
            return policies;
        }

        @Override
        public List<PolicyResult> evaluate(PolicySubject subject, PolicyStage stage) {
            return evaluate(subject, stage, false);
        }

        @Override
        public List<PolicyResult> evaluateAll(PolicySubject subject) {
            return evaluate(subject, null, true);
        }

        private List<PolicyResult> evaluate(PolicySubject subject, PolicyStage stage, boolean everyStage) {
            Map<String, Object> bindings = null;
            List<PolicyResult> results = new ArrayList<>();
            for (CompiledRule rule : rules) {
                Policy policy = rule.policy();
                if ((!everyStage && policy.stage() != stage) || !policy.appliesTo(subject.product())) {
                    continue;
                }
                if (bindings == null) {
                    bindings = bindings(subject);
                }
                results.add(evaluate(rule, subject, bindings));
            }
            return results;
        }

        private static PolicyResult evaluate(CompiledRule rule, PolicySubject subject, Map<String, Object> bindings) {
            Policy policy = rule.policy();
            String failure;
            try {
                Object value = rule.program().eval(bindings);
                if (Boolean.TRUE.equals(value)) {
                    return new PolicyResult(policy, subject.product(), PolicyVerdict.PASS, "rule holds");
                }
                failure = policy.message().orElse("rule is false: " + policy.rule());
            } catch (CelEvaluationException e) {
                failure = policy.message().map(m -> m + " (").orElse("(") + "rule could not be evaluated: "
                        + e.getMessage() + ")";
            }
            return new PolicyResult(policy, subject.product(), PolicyVerdict.failureUnder(policy.enforcement()), failure);
        }

        /** Every declared variable is bound: an unbound one would be an evaluation error in every rule using it. */
        private static Map<String, Object> bindings(PolicySubject subject) {
            Map<String, Object> bindings = new HashMap<>();
            for (String variable : VARIABLES) {
                bindings.put(variable, subject.variables().getOrDefault(variable, Map.of()));
            }
            return bindings;
        }
    }
}
