package org.meshwork.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.DomainName;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyVerdict;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh policy}: federated governance — where products stand against the policies, and what-ifs. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Policies as code: report every product's compliance, or simulate a new or changed policy.",
        subcommands = {PolicyCommand.Report.class, PolicyCommand.Simulate.class})
final class PolicyCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "choose a subcommand: report or simulate (see mesh policy --help)");
    }

    static String verdict(Output output, PolicyVerdict verdict) {
        return switch (verdict) {
            case PASS -> output.style("green", "pass");
            case FAIL -> output.style("bold,red", "FAIL");
            case WARN -> output.style("yellow", "warn");
            case INFO -> output.style("faint", "info");
        };
    }

    static void print(Output output, List<PolicyResult> results) {
        output.table(List.of("PRODUCT", "POLICY", "STAGE", "ENFORCEMENT", "VERDICT", "REASON"), results.stream()
                .map(r -> List.of(r.product().toString(), r.policy().key(), r.policy().stage().label(),
                        r.policy().enforcement().label(), verdict(output, r.verdict()), r.reason()))
                .toList());
        Map<PolicyVerdict, Long> counts = new LinkedHashMap<>();
        for (PolicyVerdict verdict : PolicyVerdict.values()) {
            counts.put(verdict, results.stream().filter(r -> r.verdict() == verdict).count());
        }
        output.line(counts.get(PolicyVerdict.PASS) + " pass, " + counts.get(PolicyVerdict.FAIL) + " fail, "
                + counts.get(PolicyVerdict.WARN) + " warn, " + counts.get(PolicyVerdict.INFO) + " info");
    }

    static Map<String, Object> json(List<PolicyResult> results, Map<String, Object> extra) {
        Map<String, Object> json = new LinkedHashMap<>(extra);
        json.put("results", results.stream().map(JsonViews::policyResult).toList());
        return json;
    }

    /** {@code mesh policy report}. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Every product × every applicable policy, evaluated now over the latest facts: pass, fail "
                    + "(required), warn (recommended) or info (optional), with the reason.")
    static final class Report implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only the products of this domain.")
        String domain;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            Optional<DomainName> only = Optional.ofNullable(domain).map(DomainName::of);
            try (Mesh opened = policy.mesh.openMesh()) {
                List<PolicyResult> results = opened.policyReport(only);
                Output output = policy.mesh.output();
                if (format.json) {
                    output.json(json(results, Map.of("domain", only.map(Object::toString).orElse("all"))));
                } else if (results.isEmpty()) {
                    output.line("No policy applies to any product" + only.map(d -> " of domain " + d).orElse("") + ".");
                } else {
                    print(output, results);
                }
                return 0;
            }
        }
    }

    /** {@code mesh policy simulate}. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Which products a new or changed policy would fail, without storing or enforcing it, so "
                    + "governance can be tightened without surprises.")
    static final class Simulate implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files with GlobalPolicy/DomainPolicy documents.")
        List<Path> files;

        @Option(names = "--all", description = "Also list the products that pass (default: only those that do not).")
        boolean all;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            try (Mesh opened = policy.mesh.openMesh()) {
                List<PolicyResult> results = opened.simulatePolicies(files);
                List<PolicyResult> shown = all ? results : results.stream().filter(r -> !r.passed()).toList();
                Output output = policy.mesh.output();
                long failing = results.stream().filter(r -> r.verdict() == PolicyVerdict.FAIL).count();
                if (format.json) {
                    output.json(json(shown, Map.of("simulated", true, "would_fail", failing,
                            "evaluated", results.size())));
                    return 0;
                }
                if (!shown.isEmpty()) {
                    print(output, shown);
                }
                output.line("Simulated over " + results.size() + " product/policy pairs: " + failing
                        + " would be refused (required). Nothing was stored or enforced.");
                return 0;
            }
        }
    }
}
