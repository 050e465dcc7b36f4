package org.meshwork.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.meshwork.api.Classification;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.AccessSpec;
import org.meshwork.api.descriptor.AutoApproveRule;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DiscoverySpec;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.GlossaryTermDescriptor;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.Kind;
import org.meshwork.api.descriptor.Metadata;
import org.meshwork.api.descriptor.OrchestrationSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.descriptor.Percentage;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.ProcessingSpec;
import org.meshwork.api.descriptor.QualitySpec;
import org.meshwork.api.descriptor.SecuritySpec;
import org.meshwork.api.descriptor.SemanticVersion;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.api.descriptor.Threshold;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.RowExpiry;
import org.meshwork.api.descriptor.WriteMode;

/**
 * Binds a validated document tree to the api records, applying the documented defaults (sensitivity {@code internal},
 * check severity {@code error}, transform mode {@code overwrite}, policy stage {@code apply}, …). Only called for
 * documents without errors: a value that does not parse here is a bug in validation, not a user mistake.
 */
final class DescriptorBinder {

    Descriptor bind(YamlDocument document, String canonical) {
        JsonNode tree = document.tree();
        Kind kind = ResourceIdentity.kind(tree).orElseThrow(() -> new IllegalStateException("document has no valid kind"));
        Metadata metadata = metadata(tree.path("metadata"));
        JsonNode spec = tree.path("spec");
        return switch (kind) {
            case DOMAIN -> new DomainDescriptor(metadata, document.origin(), canonical,
                    string(spec, "display_name"),
                    string(spec, "description").orElse(""),
                    TeamName.of(spec.path("owner_team").asText()),
                    string(spec, "bounded_context"),
                    strings(spec.path("capabilities")));
            case DATA_PRODUCT -> product(document, canonical, metadata, spec);
            case DATA_PRODUCT_INFRASTRUCTURE -> new InfrastructureDescriptor(metadata, document.origin(), canonical,
                    productId(tree), infrastructure(spec));
            case GLOBAL_POLICY -> new GlobalPolicyDescriptor(metadata, document.origin(), canonical,
                    string(spec, "description").orElse(""),
                    enforcement(spec),
                    spec.has("domains_applicable") ? strings(spec.path("domains_applicable")) : List.of("all"),
                    string(spec, "rule"),
                    stage(spec),
                    string(spec, "message"),
                    document.position("spec.rule"));
            case DOMAIN_POLICY -> new DomainPolicyDescriptor(metadata, document.origin(), canonical,
                    DomainName.of(metadata.namespace().orElseThrow()),
                    string(spec, "description").orElse(""),
                    bool(spec, "local_enforcement").orElse(true),
                    enforcement(spec),
                    string(spec, "rule"),
                    stage(spec),
                    string(spec, "message"),
                    document.position("spec.rule"));
            case GLOSSARY_TERM -> new GlossaryTermDescriptor(metadata, document.origin(), canonical,
                    DomainName.of(metadata.namespace().orElseThrow()),
                    metadata.name(),
                    string(spec, "display_name"),
                    string(spec, "definition").orElse(""),
                    strings(spec.path("synonyms")));
        };
    }

    private DataProductDescriptor product(YamlDocument document, String canonical, Metadata metadata, JsonNode spec) {
        JsonNode sla = spec.path("sla");
        JsonNode ownership = spec.path("ownership");
        return new DataProductDescriptor(metadata, document.origin(), canonical,
                productId(document.tree()),
                string(spec, "display_name").orElse(metadata.name()),
                string(spec, "description").orElse(""),
                TeamName.of(spec.path("owner_team").asText()),
                strings(spec.path("tags")),
                string(spec, "documentation_url"),
                SemanticVersion.parse(spec.path("version").asText()),
                string(spec, "sensitivity_level").map(Classification::parse).orElse(Classification.INTERNAL),
                integer(spec, "retention_period_days"),
                new Sla(parsed(sla, "freshness", DurationSpec::parse), parsed(sla, "availability", Percentage::parse),
                        parsed(sla, "accuracy", Percentage::parse)),
                new Ownership(string(ownership, "technical_owner"), string(ownership, "developer"),
                        string(ownership, "business_owner"), string(ownership, "steward"),
                        string(ownership, "on_call_rotation"), string(ownership, "escalation_path"),
                        string(ownership, "communication_channel")),
                string(spec, "entity"),
                list(spec.path("sources"), this::source),
                transform(spec.path("transform")),
                new OutputSchema(list(spec.path("schema").path("columns"), this::column)),
                infrastructure(spec),
                new AccessSpec(list(spec.path("access").path("auto_approve"), BINDER_AUTO_APPROVE)));
    }

    private static final java.util.function.Function<JsonNode, AutoApproveRule> BINDER_AUTO_APPROVE = rule ->
            new AutoApproveRule(Classification.parse(rule.path("max_sensitivity").asText()),
                    strings(rule.path("teams")).stream().map(TeamName::of).toList(),
                    bool(rule, "require_purpose").orElse(true),
                    parsed(rule, "expires", DurationSpec::parse));

    private static Metadata metadata(JsonNode metadata) {
        Map<String, String> labels = new LinkedHashMap<>();
        metadata.path("labels").fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return new Metadata(metadata.path("name").asText(), string(metadata, "namespace"), string(metadata, "id"), labels);
    }

    private static ProductId productId(JsonNode tree) {
        return ResourceIdentity.productId(tree).orElseThrow(() -> new IllegalStateException("document has no valid product id"));
    }

    private SourceSpec source(JsonNode source) {
        return new SourceSpec(
                source.path("name").asText(),
                SourceType.fromLabel(source.path("type").asText()).orElseThrow(),
                string(source, "path"),
                textMap(source.path("options")),
                textMap(source.path("columns")),
                string(source, "product").map(ProductId::parse),
                string(source, "url"),
                string(source, "query"),
                string(source, "table"),
                string(source, "credentials_env"),
                string(source, "system"),
                string(source, "description"));
    }

    private static TransformSpec transform(JsonNode transform) {
        if (!transform.isObject()) {
            return TransformSpec.passThrough();
        }
        return new TransformSpec(
                string(transform, "sql"),
                string(transform, "file"),
                string(transform, "mode").flatMap(WriteMode::fromLabel).orElse(WriteMode.OVERWRITE),
                string(transform, "watermark"),
                bool(transform, "add_run_columns").orElse(false));
    }

    private ColumnSpec column(JsonNode column) {
        return new ColumnSpec(
                column.path("name").asText(),
                column.path("type").asText(),
                string(column, "description"),
                bool(column, "nullable").orElse(true),
                bool(column, "unique").orElse(false),
                bool(column, "primary_key").orElse(false),
                string(column, "classification"),
                bool(column, "pii").orElse(false),
                string(column, "mask"),
                strings(column.path("tags")),
                strings(column.path("glossary")));
    }

    private InfrastructureSpec infrastructure(JsonNode spec) {
        return new InfrastructureSpec(
                section(spec, "storage", storage -> new StorageSpec(string(storage, "type"), string(storage, "format"),
                        string(storage, "location"), parsed(storage, "retention", DurationSpec::parse),
                        string(storage, "encryption"), string(storage, "region"),
                        string(storage, "event_time_column"),
                        string(storage, "expire_by").flatMap(RowExpiry::fromLabel))),
                section(spec, "processing", processing -> new ProcessingSpec(string(processing, "engine"),
                        string(processing, "version"), bool(processing, "auto_scaling"), integer(processing, "min_workers"),
                        integer(processing, "max_workers"))),
                section(spec, "orchestration", orchestration -> new OrchestrationSpec(string(orchestration, "tool"),
                        string(orchestration, "schedule"), parsed(orchestration, "timeout", DurationSpec::parse),
                        integer(orchestration, "retries"), parsed(orchestration, "retry_backoff", DurationSpec::parse))),
                section(spec, "quality", quality -> new QualitySpec(string(quality, "framework"),
                        list(quality.path("checks"), this::check))),
                section(spec, "discovery", discovery -> new DiscoverySpec(string(discovery, "catalog"),
                        bool(discovery, "publish_schema"), bool(discovery, "generate_docs"), bool(discovery, "discoverable"))),
                section(spec, "security", security -> new SecuritySpec(string(security, "access_control"),
                        bool(security, "encryption_at_rest"), bool(security, "audit_logging"))));
    }

    private CheckSpec check(JsonNode check) {
        String name = check.path("name").asText();
        JsonNode reference = check.path("reference");
        return new CheckSpec(
                name,
                string(check, "type").orElse(name),
                string(check, "column"),
                strings(check.path("columns")),
                parsed(check, "threshold", Threshold::parse),
                string(check, "severity").flatMap(CheckSeverity::fromLabel).orElse(CheckSeverity.ERROR),
                strings(check.path("values")),
                number(check, "min"),
                number(check, "max"),
                string(check, "pattern"),
                string(reference, "product"),
                string(reference, "column"),
                string(check, "sql"),
                string(check, "description"));
    }

    private static Enforcement enforcement(JsonNode spec) {
        return string(spec, "enforcement").flatMap(Enforcement::fromLabel).orElse(Enforcement.REQUIRED);
    }

    private static PolicyStage stage(JsonNode spec) {
        return string(spec, "stage").flatMap(PolicyStage::fromLabel).orElse(PolicyStage.APPLY);
    }

    private static <T> Optional<T> section(JsonNode spec, String name, Function<JsonNode, T> binder) {
        JsonNode section = spec.path(name);
        return section.isObject() ? Optional.of(binder.apply(section)) : Optional.empty();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> binder) {
        List<T> result = new ArrayList<>();
        array.forEach(item -> result.add(binder.apply(item)));
        return result;
    }

    private static <T> Optional<T> parsed(JsonNode object, String key, Function<String, T> parser) {
        return string(object, key).map(parser);
    }

    private static Optional<String> string(JsonNode object, String key) {
        JsonNode value = object.path(key);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Boolean> bool(JsonNode object, String key) {
        JsonNode value = object.path(key);
        return value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode object, String key) {
        JsonNode value = object.path(key);
        return value.canConvertToInt() && value.isIntegralNumber() ? Optional.of(value.intValue()) : Optional.empty();
    }

    private static Optional<Double> number(JsonNode object, String key) {
        JsonNode value = object.path(key);
        return value.isNumber() ? Optional.of(value.doubleValue()) : Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(item -> result.add(item.asText()));
        return result;
    }

    private static Map<String, String> textMap(JsonNode object) {
        Map<String, String> result = new LinkedHashMap<>();
        object.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        return result;
    }
}
