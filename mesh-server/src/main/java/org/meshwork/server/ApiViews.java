package org.meshwork.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.sla.ObjectiveReport;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.sla.SlaReport;

/**
 * The JSON documents of the API, as explicit maps: the REST server answers with them and the CLI prints them with
 * {@code --json}, in embedded and remote mode alike, so the shapes are one stable interface described in
 * {@code spec/openapi.yaml}.
 */
public final class ApiViews {
    private ApiViews() {}

    public static Map<String, Object> summary(VersionedProduct product) {
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

    public static Map<String, Object> detail(VersionedProduct product) {
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
            source.url().ifPresent(p -> s.put("url", p));
            source.table().ifPresent(p -> s.put("table", p));
            source.system().ifPresent(p -> s.put("system", p));
            return s;
        }).toList());
        json.put("schema", schemaColumns(definition));
        var infrastructure = definition.infrastructure();
        Map<String, Object> infra = new LinkedHashMap<>();
        infrastructure.storage().ifPresent(s -> {
            Map<String, Object> storage = new LinkedHashMap<>();
            storage.put("format", s.format().orElse("delta-lake"));
            storage.put("location", s.location().orElse(""));
            storage.put("retention", s.retention().map(Object::toString).orElse(""));
            s.encryption().ifPresent(e -> storage.put("encryption", e.toString()));
            infra.put("storage", storage);
        });
        infrastructure.processing().ifPresent(p -> infra.put("processing", Map.of("engine", p.engineOrDefault())));
        infrastructure.orchestration().ifPresent(o -> infra.put("orchestration", Map.of(
                "schedule", o.schedule().orElse(""), "timeout", o.timeout().map(Object::toString).orElse(""))));
        infrastructure.quality().ifPresent(q -> infra.put("quality_checks", q.checks().stream().map(check -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", check.name());
            c.put("type", check.type());
            check.column().ifPresent(column -> c.put("column", column));
            c.put("severity", check.severity().label());
            c.put("threshold", check.threshold().map(Object::toString).orElse(""));
            return c;
        }).toList()));
        infrastructure.security().ifPresent(s -> {
            Map<String, Object> security = new LinkedHashMap<>();
            s.accessControl().ifPresent(v -> security.put("access_control", v));
            s.encryptionAtRest().ifPresent(v -> security.put("encryption_at_rest", v));
            s.auditLogging().ifPresent(v -> security.put("audit_logging", v));
            infra.put("security", security);
        });
        json.put("infrastructure", infra);
        json.put("applied_by", product.stored().appliedBy().value());
        json.put("applied_at", product.stored().appliedAt().toString());
        return json;
    }

    /**
     * A product as {@code GET /products/{id}} and {@code mesh show --json} give it: {@link #detail} plus its SLA status
     * now, its descriptor revisions, its current snapshot and its freshness.
     */
    public static Map<String, Object> productDocument(Mesh mesh, SlaMonitor slas, VersionedProduct product) {
        Map<String, Object> body = detail(product);
        body.put("sla_status", slaStatus(slas.report(product.id())));
        body.put("revisions", mesh.history(product.id()).stream().map(ApiViews::revision).toList());
        Optional<Snapshot> snapshot = mesh.tables().open(product.definition()).current();
        body.put("snapshot", snapshot.map(ApiViews::snapshot).orElse(null));
        Map<String, Object> freshness = new LinkedHashMap<>();
        Optional<Instant> published = snapshot.map(Snapshot::committedAt);
        freshness.put("last_published", published.map(Object::toString).orElse(null));
        freshness.put("age_seconds", published.map(at -> Duration.between(at, mesh.clock().instant()).toSeconds())
                .orElse(null));
        freshness.put("target", product.definition().sla().freshness().map(Object::toString).orElse(null));
        body.put("freshness", freshness);
        return body;
    }

    /** The contract of one descriptor revision: its semantic version and columns. */
    public static Map<String, Object> schema(VersionedProduct product) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", product.id().toString());
        json.put("revision", product.version());
        json.put("version", product.definition().version().map(Object::toString).orElse(null));
        json.put("columns", schemaColumns(product.definition()));
        return json;
    }

    private static List<Map<String, Object>> schemaColumns(ProductDefinition definition) {
        return definition.schema().columns().stream().map(ApiViews::column).toList();
    }

    public static Map<String, Object> revision(StoredResource stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("revision", stored.version());
        json.put("content_hash", stored.contentHash());
        json.put("applied_by", stored.appliedBy().value());
        json.put("applied_at", stored.appliedAt().toString());
        return json;
    }

    public static Map<String, Object> snapshot(Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", snapshot.version());
        json.put("committed_at", snapshot.committedAt().toString());
        json.put("rows", snapshot.rowCount());
        return json;
    }

    public static Map<String, Object> slaStatus(SlaReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", report.colour().label());
        json.put("at", report.at().toString());
        json.put("last_published", report.lastPublished().map(Object::toString).orElse(null));
        json.put("objectives", report.objectives().stream().map(ApiViews::objective).toList());
        return json;
    }

    private static Map<String, Object> objective(ObjectiveReport objective) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("objective", objective.objective().label());
        json.put("target", objective.target());
        json.put("measured", objective.measuredText());
        json.put("status", objective.status().label());
        json.put("reason", objective.reason());
        return json;
    }

    public static Map<String, Object> domain(DomainDescriptor declaration, String name, List<String> products) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("declared", declaration != null);
        json.put("owner_team", declaration == null ? null : declaration.ownerTeam().toString());
        json.put("description", declaration == null ? null : declaration.description());
        json.put("products", products);
        return json;
    }

    public static Map<String, Object> column(ColumnSpec column) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", column.name());
        json.put("type", column.type());
        json.put("nullable", column.nullable());
        json.put("pii", column.isPii());
        column.description().ifPresent(d -> json.put("description", d));
        return json;
    }

    public static Map<String, Object> sla(Sla sla) {
        Map<String, Object> json = new LinkedHashMap<>();
        sla.freshness().ifPresent(v -> json.put("freshness", v.toString()));
        sla.availability().ifPresent(v -> json.put("availability", v.toString()));
        sla.accuracy().ifPresent(v -> json.put("accuracy", v.toString()));
        return json;
    }

    public static Map<String, Object> ownership(Ownership ownership) {
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

    public static Map<String, Object> run(RunRecord run) {
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

    /** One check result of the quality report, as {@code mesh quality --json} prints it. */
    public static Map<String, Object> checkResult(StoredCheckResult stored) {
        CheckResult r = stored.result();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", stored.runId());
        json.put("evaluated_at", stored.evaluatedAt().toString());
        json.put("name", r.name());
        json.put("kind", r.kind());
        json.put("severity", r.severity().label());
        json.put("passed", r.passed());
        json.put("measured", r.measured().orElse(null));
        json.put("expectation", r.expectation());
        json.put("message", r.message());
        json.put("failing_rows", r.failingRows().isPresent() ? r.failingRows().getAsLong() : null);
        json.put("failing_sample", r.failingSample());
        return json;
    }
}
