package org.meshwork.descriptor;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.Kind;
import org.meshwork.api.descriptor.Percentage;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.SemanticVersion;
import org.meshwork.api.descriptor.SourcePosition;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.Threshold;

/**
 * The rules of one document that a JSON Schema cannot say: semantic versions, cron schedules, durations, percentages
 * and thresholds (with units that fit the check kind), product ids consistent with the namespace, unique source and
 * column names, the parameters each source type and check kind needs, and transform modes. Reads the tree defensively:
 * values of the wrong type were already reported by the schema and are skipped here.
 */
final class SemanticValidator {
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** The value of {@code quality.framework} and {@code discovery.catalog} that names Meshwork itself. */
    static final String BUILT_IN = "meshwork";
    /** Catalogs that take OpenLineage events, which Meshwork can send them. */
    private static final java.util.Set<String> OPENLINEAGE_CATALOGS = java.util.Set.of("marquez", "datahub", "openmetadata");
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    List<Problem> validate(YamlDocument document, DocumentForm form) {
        return new Run(document, form).validate();
    }

    /** One validation of one document, collecting problems. */
    private static final class Run {
        private final YamlDocument document;
        private final DocumentForm form;
        private final JsonNode tree;
        private final List<Problem> problems = new ArrayList<>();

        Run(YamlDocument document, DocumentForm form) {
            this.document = document;
            this.form = form;
            this.tree = document.tree();
        }

        List<Problem> validate() {
            Optional<Kind> kind = text(tree.path("kind")).flatMap(Kind::fromLabel);
            if (kind.isEmpty()) {
                return problems;
            }
            validateMetadata(kind.get());
            JsonNode spec = tree.path("spec");
            switch (kind.get()) {
                case DATA_PRODUCT -> {
                    validateProduct(spec);
                    validateInfrastructure(spec);
                }
                case DATA_PRODUCT_INFRASTRUCTURE -> validateInfrastructure(spec);
                case GLOBAL_POLICY -> validateDomainsApplicable(spec.path("domains_applicable"));
                case DOMAIN_POLICY -> validateLocalEnforcement(spec);
                case DOMAIN, GLOSSARY_TERM -> { }
            }
            return problems;
        }

        private void validateMetadata(Kind kind) {
            JsonNode metadata = tree.path("metadata");
            Optional<String> namespace = text(metadata.path("namespace"));
            Optional<String> id = text(metadata.path("id"));
            boolean product = kind == Kind.DATA_PRODUCT || kind == Kind.DATA_PRODUCT_INFRASTRUCTURE;
            if ((kind == Kind.DOMAIN || kind == Kind.GLOBAL_POLICY) && namespace.isPresent()) {
                error("metadata.namespace", "a " + kind.label() + " has no namespace"
                        + (kind == Kind.DOMAIN ? ": its name is the domain" : ": use spec.domains_applicable to scope it"));
            }
            if (!product && id.isPresent()) {
                error("metadata.id", "an explicit id applies only to DataProduct and DataProductInfrastructure");
            }
            if (product && id.isPresent() && namespace.isPresent() && ProductId.isValid(id.get())) {
                String prefix = ProductId.PREFIX + namespace.get() + ".";
                if (!id.get().startsWith(prefix)) {
                    error("metadata.id", "product id '" + id.get() + "' does not belong to namespace '" + namespace.get()
                            + "': expected " + prefix + "<name>");
                }
            }
        }

        private void validateProduct(JsonNode spec) {
            text(spec.path("version")).ifPresent(version -> parse("spec.version", version, SemanticVersion::parse));
            JsonNode sla = spec.path("sla");
            text(sla.path("freshness")).ifPresent(value -> parse("spec.sla.freshness", value, DurationSpec::parse));
            text(sla.path("availability")).ifPresent(value -> parse("spec.sla.availability", value, Percentage::parse));
            text(sla.path("accuracy")).ifPresent(value -> parse("spec.sla.accuracy", value, Percentage::parse));
            JsonNode rules = spec.path("access").path("auto_approve");
            for (int i = 0; i < rules.size(); i++) {
                String path = "spec.access.auto_approve[" + i + "].expires";
                text(rules.path(i).path("expires")).ifPresent(value -> parse(path, value, DurationSpec::parse));
            }
            validateSources(spec.path("sources"));
            validateTransform(spec.path("transform"), spec.path("schema"));
            validateEventTime(spec.path("storage"), spec.path("schema"));
            validateColumns(spec.path("schema").path("columns"));
        }

        private void validateSources(JsonNode sources) {
            Map<String, SourcePosition> names = new HashMap<>();
            for (int i = 0; i < sources.size(); i++) {
                JsonNode source = sources.path(i);
                String path = FieldPaths.index("spec.sources", i);
                Optional<String> name = text(source.path("name"));
                if (name.isPresent()) {
                    String namePath = path + ".name";
                    SourcePosition first = names.putIfAbsent(name.get(), document.position(namePath));
                    if (first != null) {
                        error(namePath, "duplicate source name '" + name.get() + "': first declared at " + first);
                    } else if (!SQL_IDENTIFIER.matcher(name.get()).matches()) {
                        error(namePath, "source name '" + name.get()
                                + "' is not a SQL identifier: use letters, digits and '_', starting with a letter or '_'");
                    }
                }
                text(source.path("type")).flatMap(SourceType::fromLabel).ifPresent(type -> validateSource(path, source, type));
            }
        }

        private void validateSource(String path, JsonNode source, SourceType type) {
            List<String> applicable = switch (type) {
                case CSV, JSON, PARQUET -> {
                    require(path, source, "path", "a " + type.label() + " source needs the file 'path'");
                    yield List.of("path", "options", "columns");
                }
                case JDBC -> {
                    require(path, source, "url", "a jdbc source needs a 'url', e.g. jdbc:postgresql://host/db");
                    boolean query = source.has("query");
                    boolean table = source.has("table");
                    if (query == table) {
                        error(FieldPaths.child(path, query ? "table" : "query"),
                                "a jdbc source needs exactly one of 'query' or 'table'" + (query ? ", not both" : ""));
                    }
                    yield List.of("url", "query", "table", "credentials_env", "options", "columns");
                }
                case HTTP -> {
                    require(path, source, "url", "an http source needs a 'url'");
                    yield List.of("url", "options", "columns", "credentials_env");
                }
                case PRODUCT -> {
                    require(path, source, "product", "a product source needs the 'product' id it reads, e.g. dp.sales.orders");
                    text(source.path("product")).filter(id -> !ProductId.isValid(id)).ifPresent(id -> error(path + ".product",
                            "'" + id + "' is not a product id: expected dp.<domain>.<name>, e.g. dp.sales.orders"));
                    yield List.of("product", "columns");
                }
            };
            source.fieldNames().forEachRemaining(key -> {
                boolean common = key.equals("name") || key.equals("type") || key.equals("system") || key.equals("description");
                if (!common && !applicable.contains(key)) {
                    problems.add(Problem.warning(document.keyPosition(FieldPaths.child(path, key)), FieldPaths.child(path, key),
                            "'" + key + "' does not apply to a " + type.label() + " source and is ignored"));
                }
            });
        }

        private void validateTransform(JsonNode transform, JsonNode schema) {
            if (!transform.isObject()) {
                return;
            }
            boolean sql = transform.has("sql");
            boolean file = transform.has("file");
            if (sql && file && form == DocumentForm.SOURCE) {
                error("spec.transform.file", "give either 'sql' or 'file', not both");
            }
            if (file && !sql && form == DocumentForm.STORED) {
                error("spec.transform.sql", "a stored document must carry the SQL text of its transform file");
            }
            String mode = text(transform.path("mode")).orElse("overwrite");
            Optional<String> watermark = text(transform.path("watermark"));
            if (mode.equals("append") && watermark.isEmpty()) {
                error("spec.transform.mode", "an append transform needs a 'watermark' column to advance on",
                        "add watermark: <column> or use mode: overwrite");
            }
            if (mode.equals("overwrite") && watermark.isPresent()) {
                error("spec.transform.watermark", "'watermark' applies only to mode: append", "remove it or set mode: append");
            }
            JsonNode columns = schema.path("columns");
            if (watermark.isPresent() && columns.isArray() && !columns.isEmpty()) {
                List<String> names = new ArrayList<>();
                columns.forEach(column -> text(column.path("name")).ifPresent(names::add));
                if (!names.contains(watermark.get())) {
                    error("spec.transform.watermark", "watermark column '" + watermark.get() + "' is not in the output schema",
                            Suggestions.didYouMean(watermark.get(), names).orElse(null));
                }
            }
        }

        /** The retention job deletes rows by {@code storage.event_time_column}: a DATE or TIMESTAMP output column. */
        private void validateEventTime(JsonNode storage, JsonNode schema) {
            Optional<String> eventTime = text(storage.path("event_time_column"));
            JsonNode columns = schema.path("columns");
            if (eventTime.isEmpty() || !columns.isArray() || columns.isEmpty()) {
                return;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode column : columns) {
                Optional<String> name = text(column.path("name"));
                name.ifPresent(names::add);
                if (name.equals(eventTime)) {
                    String type = text(column.path("type")).orElse("").toUpperCase(java.util.Locale.ROOT);
                    if (!type.startsWith("DATE") && !type.startsWith("TIMESTAMP")) {
                        error("spec.storage.event_time_column", "event time column '" + eventTime.get() + "' is "
                                + type + "; retention needs a DATE or TIMESTAMP column",
                                "name the column that says when each row happened");
                    }
                    return;
                }
            }
            error("spec.storage.event_time_column", "event time column '" + eventTime.get()
                    + "' is not in the output schema", Suggestions.didYouMean(eventTime.get(), names).orElse(null));
        }

        /**
         * {@code storage.expire_by} must be able to work: expiry by event time needs the column, and a column that
         * expiry by commit time would not use is refused rather than ignored.
         */
        private void validateExpiry(JsonNode storage) {
            Optional<String> expireBy = text(storage.path("expire_by"));
            boolean column = storage.has("event_time_column");
            if (expireBy.equals(Optional.of("event_time")) && !column) {
                error("spec.storage.expire_by", "expire_by: event_time needs storage.event_time_column, the DATE or "
                        + "TIMESTAMP output column rows expire by", "name the column, or use expire_by: commit_time");
            }
            if (expireBy.equals(Optional.of("commit_time")) && column) {
                error("spec.storage.event_time_column", "expire_by: commit_time expires rows by the commit that wrote "
                        + "them and would not use event_time_column", "remove event_time_column, or use expire_by: event_time");
            }
        }

        private void validateColumns(JsonNode columns) {
            Map<String, SourcePosition> names = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String path = FieldPaths.index("spec.schema.columns", i);
                JsonNode column = columns.path(i);
                text(column.path("name")).ifPresent(name -> {
                    SourcePosition first = names.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), document.position(path + ".name"));
                    if (first != null) {
                        error(path + ".name", "duplicate column '" + name + "': first declared at " + first);
                    }
                });
                text(column.path("type")).filter(String::isBlank).ifPresent(type -> error(path + ".type",
                        "column type must not be empty: give a SQL type such as BIGINT, VARCHAR, DECIMAL(12,2)"));
            }
        }

        private void validateInfrastructure(JsonNode spec) {
            text(spec.path("storage").path("retention")).ifPresent(value -> parse("spec.storage.retention", value, DurationSpec::parse));
            validateNamedTools(spec);
            validateExpiry(spec.path("storage"));
            JsonNode processing = spec.path("processing");
            if (processing.path("min_workers").isIntegralNumber() && processing.path("max_workers").isIntegralNumber()
                    && processing.path("min_workers").asLong() > processing.path("max_workers").asLong()) {
                error("spec.processing.min_workers", "min_workers (" + processing.path("min_workers").asInt()
                        + ") is larger than max_workers (" + processing.path("max_workers").asInt() + ")");
            }
            JsonNode orchestration = spec.path("orchestration");
            text(orchestration.path("schedule")).ifPresent(this::validateSchedule);
            text(orchestration.path("timeout")).ifPresent(value -> parse("spec.orchestration.timeout", value, DurationSpec::parse));
            text(orchestration.path("retry_backoff"))
                    .ifPresent(value -> parse("spec.orchestration.retry_backoff", value, DurationSpec::parse));
            JsonNode checks = spec.path("quality").path("checks");
            Map<String, SourcePosition> names = new HashMap<>();
            for (int i = 0; i < checks.size(); i++) {
                String path = FieldPaths.index("spec.quality.checks", i);
                JsonNode check = checks.path(i);
                text(check.path("name")).ifPresent(name -> {
                    SourcePosition first = names.putIfAbsent(name, document.position(path + ".name"));
                    if (first != null) {
                        error(path + ".name", "duplicate check name '" + name + "': first declared at " + first);
                    }
                });
                validateCheck(path, check);
            }
        }

        /**
         * The guide's fields that name another tool or turn off something Meshwork always does: each is either refused
         * or answered with a warning that says what Meshwork does instead (docs/descriptor-reference.md).
         */
        private void validateNamedTools(JsonNode spec) {
            text(spec.path("quality").path("framework")).filter(framework -> !framework.equals(BUILT_IN))
                    .ifPresent(framework -> warning("spec.quality.framework", "Meshwork runs this product's checks itself"
                            + " (compiled into SQL over each run's output; a failed error check blocks publication);"
                            + " '" + framework + "' is not used"));
            text(spec.path("discovery").path("catalog")).filter(catalog -> !catalog.equals(BUILT_IN))
                    .ifPresent(catalog -> warning("spec.discovery.catalog", "Meshwork publishes this product to its own"
                            + " catalog (mesh search, mesh docs, the web UI) and its lineage as OpenLineage events to"
                            + " mesh.yaml's lineage sink; it does not publish to '" + catalog + "'"
                            + (OPENLINEAGE_CATALOGS.contains(catalog) ? " itself (point lineage.url at " + catalog
                                    + "'s OpenLineage endpoint to send it the lineage)" : "")));
            text(spec.path("orchestration").path("tool")).filter(tool -> tool.equals("airflow")).ifPresent(tool -> {
                String id = ResourceIdentity.productId(tree).map(Object::toString).orElse("<product id>");
                warning("spec.orchestration.tool", "Meshwork's scheduler leaves this product to Airflow: `mesh export"
                        + " airflow " + id + "` writes the DAG that runs it"
                        + text(spec.path("orchestration").path("schedule")).map(cron -> " on \"" + cron + "\"").orElse("")
                        + " (deploy it to Airflow's dags folder)");
            });
            JsonNode auditLogging = spec.path("security").path("audit_logging");
            if (auditLogging.isBoolean() && !auditLogging.booleanValue()) {
                warning("spec.security.audit_logging", "Meshwork records every read, run, grant and apply of every product"
                        + " in its audit log; audit_logging: false does not turn that off (a required audit-logging policy,"
                        + " such as the guide's, refuses it at apply)");
            }
            JsonNode publishSchema = spec.path("discovery").path("publish_schema");
            if (publishSchema.isBoolean() && !publishSchema.booleanValue()) {
                error("spec.discovery.publish_schema", "Meshwork publishes every product's output contract (its schema) to"
                        + " whoever can find the product: consumers rely on it", "to hide the product, schema and all, from"
                        + " whoever may not read it, set discovery.discoverable: false");
            }
        }

        /** The guide's {@code local_enforcement}: the platform enforces a domain policy inside its domain, nowhere else. */
        private void validateLocalEnforcement(JsonNode spec) {
            JsonNode local = spec.path("local_enforcement");
            if (local.isBoolean() && !local.booleanValue()) {
                error("spec.local_enforcement", "Meshwork enforces every DomainPolicy in its own domain, at its stage;"
                        + " it has no other place to enforce it", "to report without blocking, set enforcement:"
                        + " recommended (warns) or optional (informs)");
            }
        }

        private void validateSchedule(String schedule) {
            String path = "spec.orchestration.schedule";
            String[] fields = schedule.trim().split("\\s+");
            if (fields.length != 5) {
                error(path, "'" + schedule + "' is not a cron schedule: expected 5 fields (minute hour day-of-month month day-of-week), found "
                        + fields.length, "e.g. \"0 */6 * * *\" for every 6 hours");
                return;
            }
            try {
                CRON.parse(schedule).validate();
            } catch (IllegalArgumentException e) {
                error(path, "'" + schedule + "' is not a valid cron schedule: " + e.getMessage(),
                        "5 fields: minute hour day-of-month month day-of-week, e.g. \"0 */6 * * *\"");
            }
        }

        private void validateCheck(String path, JsonNode check) {
            Optional<String> type = text(check.path("type"));
            Optional<String> name = text(check.path("name"));
            Optional<CheckKind> kind;
            if (type.isPresent()) {
                kind = CheckKind.fromLabel(type.get());
                if (kind.isEmpty()) {
                    return;
                }
            } else {
                if (name.isEmpty()) {
                    return;
                }
                kind = CheckKind.fromLabel(name.get());
                if (kind.isEmpty()) {
                    error(path + ".type", "check '" + name.get() + "' has no 'type' and its name is not a check kind",
                            Suggestions.closest(name.get(), CheckKind.labels()).map(k -> "did you mean '" + k + "'?")
                                    .orElse("add type: one of " + String.join(", ", CheckKind.labels())));
                    return;
                }
            }
            CheckKind checkKind = kind.get();
            String label = checkKind.label();
            for (String parameter : checkKind.required()) {
                JsonNode value = check.path(parameter);
                boolean misspelt = false;
                for (var keys = check.fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    misspelt |= !CheckKind.KEYS.contains(key) && Suggestions.closest(key, List.of(parameter)).isPresent();
                }
                if (!misspelt && (value.isMissingNode() || value.isNull() || (value.isArray() && value.isEmpty()))) {
                    error(FieldPaths.child(path, parameter), article(label) + " check needs '" + parameter + "'");
                }
            }
            if (checkKind.needsColumnOrColumns() && !check.has("column") && !check.has("columns")) {
                error(path + ".column", article(label) + " check needs 'column' or 'columns'");
            }
            if (checkKind == CheckKind.RANGE && !check.has("min") && !check.has("max")) {
                error(path + ".min", "a range check needs 'min', 'max' or both");
            }
            if (check.path("min").isNumber() && check.path("max").isNumber() && check.path("min").asDouble() > check.path("max").asDouble()) {
                error(path + ".min", "min (" + check.path("min").asText() + ") is larger than max (" + check.path("max").asText() + ")");
            }
            text(check.path("pattern")).ifPresent(pattern -> {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    error(path + ".pattern", "'" + pattern + "' is not a valid regular expression: " + e.getDescription());
                }
            });
            text(check.path("reference").path("product")).filter(id -> !ProductId.isValid(id)).ifPresent(id -> error(
                    path + ".reference.product", "'" + id + "' is not a product id: expected dp.<domain>.<name>"));
            text(check.path("threshold")).ifPresent(text -> validateThreshold(path + ".threshold", text, checkKind));
            check.fieldNames().forEachRemaining(key -> {
                if (!checkKind.accepts(key)) {
                    problems.add(Problem.warning(document.keyPosition(FieldPaths.child(path, key)), FieldPaths.child(path, key),
                            "'" + key + "' does not apply to " + article(label) + " check and is ignored"));
                }
            });
        }

        private void validateThreshold(String path, String text, CheckKind kind) {
            Threshold threshold;
            try {
                threshold = Threshold.parse(text);
            } catch (InvalidArgumentException e) {
                error(path, e.getMessage());
                return;
            }
            if (!kind.units().contains(threshold.unit())) {
                String measured = switch (threshold.unit()) {
                    case NONE -> "a plain number";
                    case PERCENT -> "a percentage";
                    case DURATION -> "a time span";
                };
                error(path, article(kind.label()) + " check cannot compare with " + measured + " ('" + text.strip() + "')",
                        kind == CheckKind.SCHEMA ? "remove the threshold" : "e.g. threshold: " + kind.thresholdExample());
            }
        }

        private void validateDomainsApplicable(JsonNode domains) {
            if (domains.isArray() && domains.size() > 1) {
                for (int i = 0; i < domains.size(); i++) {
                    if ("all".equals(domains.path(i).asText())) {
                        error(FieldPaths.index("spec.domains_applicable", i), "'all' must stand alone in domains_applicable");
                    }
                }
            }
        }

        private void require(String path, JsonNode object, String key, String message) {
            JsonNode value = object.path(key);
            if (value.isMissingNode() || value.isNull()) {
                error(FieldPaths.child(path, key), message);
            }
        }

        private void parse(String path, String text, Function<String, ?> parser) {
            try {
                parser.apply(text);
            } catch (InvalidArgumentException e) {
                error(path, e.getMessage());
            }
        }

        private void warning(String path, String message) {
            problems.add(Problem.warning(document.position(path), path, message));
        }

        private void error(String path, String message) {
            problems.add(Problem.error(document.position(path), path, message));
        }

        private void error(String path, String message, String hint) {
            problems.add(Problem.error(document.position(path), path, message, hint));
        }
    }

    /** {@code a row_count} or {@code an accepted_values}. */
    static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
