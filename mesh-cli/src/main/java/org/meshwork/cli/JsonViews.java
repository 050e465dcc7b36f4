package org.meshwork.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.apply.PlannedChange;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;

/** The JSON shapes the CLI prints with {@code --json}: explicit maps, so the output is a stable interface. */
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("product", result.product().toString());
        json.put("policy", result.policy().key());
        json.put("scope", result.policy().isGlobal() ? "global" : "domain");
        json.put("stage", result.policy().stage().label());
        json.put("enforcement", result.policy().enforcement().label());
        json.put("verdict", result.verdict().label());
        json.put("reason", result.reason());
        return json;
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
        ProductDefinition definition = product.definition();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", definition.id().toString());
        json.put("name", definition.displayName());
        json.put("domain", definition.domain().value());
        json.put("owner_team", definition.ownerTeam().map(Object::toString).orElse(null));
        json.put("version", definition.version().map(Object::toString).orElse(null));
        json.put("sensitivity", definition.sensitivity().label());
        json.put("tags", definition.tags());
        json.put("revision", product.version());
        return json;
    }

    static Map<String, Object> detail(VersionedProduct product) {
        ProductDefinition definition = product.definition();
        Map<String, Object> json = summary(product);
        json.put("description", definition.description());
        definition.product().flatMap(DataProductDescriptor::documentationUrl).ifPresent(url -> json.put("documentation_url", url));
        definition.product().flatMap(DataProductDescriptor::retentionPeriodDays).ifPresent(days -> json.put("retention_period_days", days));
        json.put("sla", sla(definition.sla()));
        definition.product().map(DataProductDescriptor::ownership).ifPresent(ownership -> json.put("ownership", ownership(ownership)));
        json.put("sources", definition.sources().stream().map(source -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", source.name());
            s.put("type", source.type().label());
            source.product().ifPresent(p -> s.put("product", p.toString()));
            source.path().ifPresent(p -> s.put("path", p));
            source.system().ifPresent(p -> s.put("system", p));
            return s;
        }).toList());
        json.put("schema", definition.schema().columns().stream().map(JsonViews::column).toList());
        var infrastructure = definition.infrastructure();
        Map<String, Object> infra = new LinkedHashMap<>();
        infrastructure.storage().ifPresent(s -> infra.put("storage", Map.of(
                "format", s.format().orElse("delta-lake"), "location", s.location().orElse(""),
                "retention", s.retention().map(Object::toString).orElse(""))));
        infrastructure.processing().ifPresent(p -> infra.put("processing", Map.of("engine", p.engineOrDefault())));
        infrastructure.orchestration().ifPresent(o -> infra.put("orchestration", Map.of(
                "schedule", o.schedule().orElse(""), "timeout", o.timeout().map(Object::toString).orElse(""))));
        infrastructure.quality().ifPresent(q -> infra.put("quality_checks", q.checks().stream().map(check -> Map.of(
                "name", check.name(), "type", check.type(), "severity", check.severity().label(),
                "threshold", check.threshold().map(Object::toString).orElse(""))).toList()));
        json.put("infrastructure", infra);
        json.put("applied_by", product.stored().appliedBy().value());
        json.put("applied_at", product.stored().appliedAt().toString());
        return json;
    }

    static Map<String, Object> version(StoredResource stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("revision", stored.version());
        json.put("content_hash", stored.contentHash());
        json.put("applied_by", stored.appliedBy().value());
        json.put("applied_at", stored.appliedAt().toString());
        return json;
    }

    private static Map<String, Object> column(ColumnSpec column) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", column.name());
        json.put("type", column.type());
        json.put("nullable", column.nullable());
        json.put("pii", column.isPii());
        column.description().ifPresent(d -> json.put("description", d));
        return json;
    }

    private static Map<String, Object> sla(Sla sla) {
        Map<String, Object> json = new LinkedHashMap<>();
        sla.freshness().ifPresent(v -> json.put("freshness", v.toString()));
        sla.availability().ifPresent(v -> json.put("availability", v.toString()));
        sla.accuracy().ifPresent(v -> json.put("accuracy", v.toString()));
        return json;
    }

    private static Map<String, Object> ownership(Ownership ownership) {
        Map<String, Object> json = new LinkedHashMap<>();
        ownership.technicalOwner().ifPresent(v -> json.put("technical_owner", v));
        ownership.developer().ifPresent(v -> json.put("developer", v));
        ownership.businessOwner().ifPresent(v -> json.put("business_owner", v));
        ownership.steward().ifPresent(v -> json.put("steward", v));
        ownership.onCallRotation().ifPresent(v -> json.put("on_call_rotation", v));
        ownership.escalationPath().ifPresent(v -> json.put("escalation_path", v));
        ownership.communicationChannel().ifPresent(v -> json.put("communication_channel", v));
        return json;
    }

    static Map<String, Object> run(org.meshwork.api.store.RunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId());
        json.put("product", run.productId().toString());
        json.put("revision", run.descriptorVersion());
        json.put("trigger", run.trigger().label());
        json.put("status", run.status().label());
        json.put("started_at", run.startedAt().toString());
        json.put("ended_at", run.endedAt().map(Object::toString).orElse(null));
        json.put("rows_read", run.rowsRead());
        json.put("rows_written", run.rowsWritten());
        json.put("rows_quarantined", run.rowsQuarantined());
        json.put("bytes_written", run.bytesWritten());
        json.put("table_version", run.tableVersion().orElse(null));
        json.put("error", run.error().orElse(null));
        return json;
    }

    static List<Map<String, Object>> history(List<StoredResource> versions) {
        return versions.stream().map(JsonViews::version).toList();
    }
}
