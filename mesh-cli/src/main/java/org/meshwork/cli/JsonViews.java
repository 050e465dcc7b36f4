package org.meshwork.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.apply.PlannedChange;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;

/**
 * The JSON shapes the CLI prints with {@code --json}: explicit maps, so the output is a stable interface. Products and
 * runs have the API's shapes ({@link org.meshwork.server.ApiViews}), so embedded and remote mode print alike.
 */
final class JsonViews {
    private JsonViews() {}

    static Map<String, Object> problem(Problem problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("severity", problem.severity().name().toLowerCase(java.util.Locale.ROOT));
        json.put("file", problem.position().file());
        json.put("line", problem.position().line());
        json.put("column", problem.position().column());
        json.put("path", problem.path());
        json.put("message", problem.message());
        problem.hint().ifPresent(hint -> json.put("hint", hint));
        return json;
    }

    static Map<String, Object> plan(ApplyPlan plan, boolean dryRun) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dry_run", dryRun);
        json.put("changes", plan.changes().stream().map(JsonViews::change).toList());
        json.put("warnings", plan.warnings().stream().map(JsonViews::problem).toList());
        json.put("policies", plan.policyResults().stream().map(JsonViews::policyResult).toList());
        return json;
    }

    /** One policy verdict for one product: {@code mesh apply --json}, {@code mesh policy report|simulate --json}. */
    static Map<String, Object> policyResult(org.meshwork.api.policy.PolicyResult result) {
        return org.meshwork.server.GovernanceViews.policyResult(result);
    }

    private static Map<String, Object> change(PlannedChange change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", change.key().kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("name", change.key().name());
        json.put("action", change.action().label());
        json.put("version", change.resultingVersion());
        json.put("notes", change.notes());
        return json;
    }

    static Map<String, Object> summary(VersionedProduct product) {
        return org.meshwork.server.ApiViews.summary(product);
    }

    static Map<String, Object> detail(VersionedProduct product) {
        return org.meshwork.server.ApiViews.detail(product);
    }

    static Map<String, Object> version(StoredResource stored) {
        return org.meshwork.server.ApiViews.revision(stored);
    }

    

    

    

    static Map<String, Object> run(org.meshwork.api.store.RunRecord run) {
        return org.meshwork.server.ApiViews.run(run);
    }

    static List<Map<String, Object>> history(List<StoredResource> versions) {
        return versions.stream().map(JsonViews::version).toList();
    }
}
