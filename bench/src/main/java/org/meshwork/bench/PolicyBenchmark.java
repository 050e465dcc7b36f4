package org.meshwork.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.meshwork.api.Environment;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.SourcePosition;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicySubject;
import org.meshwork.api.policy.PolicyVerdict;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.governance.policy.CelPolicyEngine;
import org.meshwork.platform.policy.PolicyFacts;
import org.meshwork.platform.product.ProductDocuments;

/**
 * Policy evaluation benchmark: N products (default 10,000) × 20 policies — the sample mesh's 10 (examples/governance
 * and the domains' policies.yaml) and 10 more typical rules — evaluated by the CEL engine, against the same 20 checks
 * hand-written in Java over the same facts. Prints the median time of each and the ratio. The facts (descriptor maps)
 * are built once, outside the timing, as the continuous evaluation builds them once per product.
 *
 * <p>Usage: {@code PolicyBenchmark [--products N] [--repeat R] [--examples DIR]}.
 */
public final class PolicyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOMAINS = List.of("customer", "sales", "marketing", "product", "finance");

    /** Ten more rules, each with its hand-written Java twin. */
    private static final List<String> EXTRA_RULES = List.of(
            "has(product.spec.owner_team) && product.spec.owner_team.endsWith('-team')",
            "size(product.spec.description) >= 10",
            "has(product.spec.tags) && size(product.spec.tags) > 0",
            "!product.spec.version.startsWith('0.')",
            "product.spec.schema.columns.exists(c, has(c.primary_key) && c.primary_key == true)",
            "product.spec.schema.columns.all(c, has(c.description))",
            "!has(product.spec.sensitivity_level) || product.spec.sensitivity_level != 'restricted'"
                    + " || product.spec.security.access_control == 'abac'",
            "has(product.spec.sla.freshness)",
            "size(product.spec.quality.checks) >= 2",
            "!has(product.spec.documentation_url) || product.spec.documentation_url.startsWith('https://')");

    private PolicyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int products = 10_000;
        int repeat = 7;
        Path examples = Path.of("examples");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--products" -> products = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--examples" -> examples = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: PolicyBenchmark [--products N] [--repeat R] [--examples DIR]");
            }
        }
        List<Policy> policies = policies(examples);
        long compileStart = System.nanoTime();
        CompiledPolicies compiled = new CelPolicyEngine().compile(policies);
        double compileMs = (System.nanoTime() - compileStart) / 1e6;
        List<PolicySubject> subjects = new ArrayList<>(products);
        for (int i = 0; i < products; i++) {
            subjects.add(subject(i));
        }
        List<HandWritten> baseline = handWritten(policies);

        long celFailures = 0;
        long javaFailures = 0;
        List<Double> celTimes = new ArrayList<>();
        List<Double> javaTimes = new ArrayList<>();
        for (int round = 0; round < repeat + 2; round++) { // two warm-up rounds
            long start = System.nanoTime();
            long failures = 0;
            for (PolicySubject subject : subjects) {
                for (PolicyResult result : compiled.evaluateAll(subject)) {
                    if (result.verdict() != PolicyVerdict.PASS) {
                        failures++;
                    }
                }
            }
            double cel = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            long javaFailed = 0;
            for (PolicySubject subject : subjects) {
                for (HandWritten check : baseline) {
                    if (check.policy().appliesTo(subject.product()) && !check.test().test(subject.variables())) {
                        javaFailed++;
                    }
                }
            }
            double java = (System.nanoTime() - start) / 1e6;
            if (round >= 2) {
                celTimes.add(cel);
                javaTimes.add(java);
            }
            celFailures = failures;
            javaFailures = javaFailed;
        }
        if (celFailures != javaFailures) {
            throw new IllegalStateException("CEL and the hand-written checks disagree: " + celFailures + " vs "
                    + javaFailures + " failures");
        }
        double cel = median(celTimes);
        double java = median(javaTimes);
        System.out.printf(Locale.ROOT, "products: %d, policies: %d (compiled once in %.1f ms), failing pairs: %d%n",
                products, policies.size(), compileMs, celFailures);
        System.out.printf(Locale.ROOT, "CEL engine (PolicyEngine)   median of %d: %8.1f ms  (%.0f evaluations/s)%n",
                repeat, cel, products * (double) policies.size() / (cel / 1000));
        System.out.printf(Locale.ROOT, "hand-written Java (baseline) median of %d: %8.1f ms%n", repeat, java);
        System.out.printf(Locale.ROOT, "ratio CEL / hand-written: %.1fx; goal (< 1 s for 10,000 x 20): %s%n",
                cel / java, cel < 1000 ? "met" : "NOT met");
    }

    private static List<Policy> policies(Path examples) {
        ParsedDescriptors parsed = new DescriptorParser().parse(List.of(examples.resolve("governance"),
                examples.resolve("marketing/policies.yaml"), examples.resolve("sales/policies.yaml")));
        parsed.throwIfInvalid();
        List<Policy> policies = new ArrayList<>();
        for (Descriptor descriptor : parsed.descriptors()) {
            if (descriptor instanceof GlobalPolicyDescriptor global) {
                Policy.of(global).ifPresent(policies::add);
            } else if (descriptor instanceof DomainPolicyDescriptor local) {
                Policy.of(local).ifPresent(policies::add);
            }
        }
        for (int i = 0; i < EXTRA_RULES.size(); i++) {
            policies.add(new Policy("bench-" + (i + 1), Optional.empty(), "benchmark rule " + (i + 1),
                    Enforcement.RECOMMENDED, PolicyStage.APPLY, List.of(), EXTRA_RULES.get(i), Optional.empty(),
                    SourcePosition.startOf("PolicyBenchmark")));
        }
        if (policies.size() != 20) {
            throw new IllegalStateException("expected 20 policies, found " + policies.size());
        }
        return policies;
    }

    /** A product whose fields vary with {@code i}, so every policy passes for some products and fails for others. */
    private static PolicySubject subject(int i) throws Exception {
        String domain = DOMAINS.get(i % DOMAINS.size());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", i % 13 == 0 ? "short" : "Product number " + i + " of the benchmark");
        spec.put("owner_team", domain + (i % 17 == 0 ? "-people" : "-team"));
        spec.put("version", (i % 11 == 0 ? "0." : "1.") + (i % 7) + ".0");
        if (i % 5 != 0) {
            spec.put("tags", List.of(domain, "bench"));
        }
        spec.put("sensitivity_level", i % 9 == 0 ? "restricted" : "internal");
        if (i % 19 != 0) {
            spec.put("retention_period_days", 365 + i % 1000);
        }
        spec.put("sla", i % 23 == 0 ? Map.of("availability", "99%") : Map.of("freshness", "1h"));
        if (i % 29 != 0) {
            spec.put("sources", List.of(Map.of("name", "raw", "type", "csv", "path", "raw.csv")));
        }
        List<Map<String, Object>> columns = new ArrayList<>();
        columns.add(Map.of("name", "id", "type", "BIGINT", "nullable", false, "primary_key", i % 31 != 0,
                "description", "identifier"));
        columns.add(i % 37 == 0 ? Map.of("name", "email", "type", "VARCHAR", "classification", "pii")
                : Map.of("name", "email", "type", "VARCHAR", "classification", "pii", "mask", "hash", "description", "e-mail"));
        if (domain.equals("sales")) {
            columns.add(Map.of("name", "amount", "type", "DOUBLE", "description", "value"));
            columns.add(Map.of("name", "fiscal_quarter", "type", "VARCHAR", "nullable", i % 41 == 0, "description", "quarter"));
        }
        if (domain.equals("marketing")) {
            columns.add(Map.of("name", "attributed_revenue", "type", "DOUBLE", "description", "revenue"));
            if (i % 43 != 0) {
                columns.add(Map.of("name", "attribution_model", "type", "VARCHAR", "nullable", false, "description", "model"));
            }
        }
        spec.put("schema", Map.of("columns", columns));
        spec.put("storage", i % 47 == 0 ? Map.of("region", "us-east-1") : Map.of("region", "eu-west-1"));
        spec.put("quality", Map.of("checks", i % 53 == 0 ? List.of(Map.of("name", "row_count", "severity", "warn"))
                : List.of(Map.of("name", "row_count"), Map.of("name", "null_percentage", "column", "id"))));
        spec.put("security", Map.of("access_control", i % 59 == 0 ? "abac" : "rbac",
                "encryption_at_rest", i % 61 != 0, "audit_logging", i % 67 != 0));
        if (i % 3 == 0) {
            spec.put("documentation_url", (i % 71 == 0 ? "http://" : "https://") + "docs.example.com/" + i);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", "platform/v1");
        document.put("kind", "DataProduct");
        document.put("metadata", Map.of("name", "p" + i, "namespace", domain));
        document.put("spec", spec);
        ProductId id = ProductId.parse("dp." + domain + ".p" + i);
        return PolicyFacts.of(id, new ProductDocuments(Optional.of(JSON.writeValueAsString(document)), Optional.empty(),
                Optional.empty()), Environment.DEV);
    }

    private record HandWritten(Policy policy, Predicate<Map<String, Object>> test) {}

    /** The same twenty rules in plain Java, by policy name. */
    private static List<HandWritten> handWritten(List<Policy> policies) {
        List<HandWritten> checks = new ArrayList<>();
        for (Policy policy : policies) {
            checks.add(new HandWritten(policy, javaTwin(policy.key())));
        }
        return checks;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    private static Map<String, Object> spec(Map<String, Object> variables) {
        return map(map(variables.get("product")).get("spec"));
    }

    private static List<Map<String, Object>> columns(Map<String, Object> spec) {
        return list(map(spec.get("schema")).get("columns")).stream().map(PolicyBenchmark::map).toList();
    }

    private static Predicate<Map<String, Object>> javaTwin(String key) {
        switch (key) {
            case "encryption-at-rest":
                return v -> Boolean.TRUE.equals(map(spec(v).get("security")).get("encryption_at_rest"));
            case "audit-logging":
                return v -> Boolean.TRUE.equals(map(spec(v).get("security")).get("audit_logging"));
            case "pii-masking":
                return v -> columns(spec(v)).stream().allMatch(c -> !"pii".equals(c.get("classification"))
                        || c.containsKey("mask"));
            case "data-lineage":
                return v -> !list(map(v.get("product")).get("documents")).contains("DataProduct")
                        || !list(map(v.get("lineage")).get("inputs")).isEmpty();
            case "quality-slo":
                return v -> {
                    Map<String, Object> spec = spec(v);
                    return !map(spec.get("sla")).isEmpty() && list(map(spec.get("quality")).get("checks")).stream()
                            .map(PolicyBenchmark::map)
                            .anyMatch(c -> !c.containsKey("severity") || "error".equals(c.get("severity")));
                };
            case "retention-policy":
                return v -> spec(v).containsKey("retention_period_days")
                        || map(spec(v).get("storage")).containsKey("retention");
            case "data-localisation":
                return v -> List.of("eu-west-1", "eu-central-1").contains(map(spec(v).get("storage")).get("region"));
            case "quarantine-budget":
                return v -> {
                    Map<String, Object> run = map(v.get("run"));
                    return !run.containsKey("rows_read") || (long) run.get("rows_read") == 0
                            || (long) run.get("rows_quarantined") * 20 <= (long) run.get("rows_read");
                };
            case "marketing/marketing-attribution":
                return v -> columns(spec(v)).stream().noneMatch(c -> ((String) c.get("name")).contains("revenue"))
                        || columns(spec(v)).stream().anyMatch(c -> "attribution_model".equals(c.get("name"))
                                && Boolean.FALSE.equals(c.get("nullable")));
            case "sales/sales-quota-alignment":
                return v -> columns(spec(v)).stream().noneMatch(c -> "amount".equals(c.get("name")))
                        || columns(spec(v)).stream().anyMatch(c -> "fiscal_quarter".equals(c.get("name"))
                                && Boolean.FALSE.equals(c.get("nullable")));
            case "bench-1":
                return v -> String.valueOf(spec(v).get("owner_team")).endsWith("-team");
            case "bench-2":
                return v -> ((String) spec(v).get("description")).length() >= 10;
            case "bench-3":
                return v -> !list(spec(v).get("tags")).isEmpty();
            case "bench-4":
                return v -> !((String) spec(v).get("version")).startsWith("0.");
            case "bench-5":
                return v -> columns(spec(v)).stream().anyMatch(c -> Boolean.TRUE.equals(c.get("primary_key")));
            case "bench-6":
                return v -> columns(spec(v)).stream().allMatch(c -> c.containsKey("description"));
            case "bench-7":
                return v -> !"restricted".equals(spec(v).get("sensitivity_level"))
                        || "abac".equals(map(spec(v).get("security")).get("access_control"));
            case "bench-8":
                return v -> map(spec(v).get("sla")).containsKey("freshness");
            case "bench-9":
                return v -> list(map(spec(v).get("quality")).get("checks")).size() >= 2;
            case "bench-10":
                return v -> !spec(v).containsKey("documentation_url")
                        || ((String) spec(v).get("documentation_url")).startsWith("https://");
            default:
                throw new IllegalStateException("no hand-written twin for policy " + key
                        + "; add one when a sample policy is added");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

}
