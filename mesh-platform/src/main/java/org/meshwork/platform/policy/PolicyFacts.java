package org.meshwork.platform.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.Environment;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;
import org.meshwork.api.policy.PolicySubject;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.platform.product.ProductDocuments;

/**
 * Builds what policy rules see ({@link org.meshwork.api.policy.PolicyEngine} lists the variables) from what the
 * platform stores: the product's canonical documents, its latest run, check results and declared lineage. Values are
 * CEL's: maps with string keys, lists, strings, booleans, {@code long} integers and doubles.
 *
 * <p>{@code product} is the {@code DataProduct} document as its YAML has it, with the sections of its
 * {@code DataProductInfrastructure} document merged into {@code spec} (the infrastructure document wins on a clash, as
 * it does for the product's definition), plus {@code product.id}, {@code product.domain} and
 * {@code product.documents} (which of the kinds {@code DataProduct} and {@code DataProductInfrastructure} declare it:
 * a product that is only provisioned infrastructure has no sources or SLA yet).
 */
public final class PolicyFacts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyFacts() {}

    /** The subject for a product with no run facts (apply gate, simulation of a new product). */
    public static PolicySubject of(ProductId id, ProductDocuments documents, Environment environment) {
        return of(id, documents, environment, Optional.empty(), List.of());
    }

    public static PolicySubject of(ProductId id, ProductDocuments documents, Environment environment,
            Optional<RunRecord> run, List<CheckResult> checks) {
        Map<String, Object> product = product(id, documents);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("product", product);
        variables.put("run", run.map(PolicyFacts::run).orElse(Map.of()));
        variables.put("checks", checks.stream().map(PolicyFacts::check).toList());
        variables.put("lineage", lineage(product));
        variables.put("environment", environment.label());
        return new PolicySubject(id, variables);
    }

    /**
     * The access gate's subject: {@code principal} ({@code name}, {@code kind}, {@code teams}, {@code roles}) and
     * {@code access} (whatever the access controller decided, e.g. {@code columns}, {@code masked_columns},
     * {@code purpose}) bound as well.
     */
    public static PolicySubject forAccess(PolicySubject subject, Principal principal, Map<String, Object> access) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("name", principal.name().value());
        who.put("kind", principal.kind().name().toLowerCase(java.util.Locale.ROOT));
        who.put("teams", principal.teams().stream().map(Object::toString).sorted().toList());
        who.put("roles", principal.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList());
        return subject.with("principal", who).with("access", celValue(access));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> product(ProductId id, ProductDocuments documents) {
        Map<String, Object> product = documents.dataProduct().map(PolicyFacts::parse).orElseGet(LinkedHashMap::new);
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) product.getOrDefault("spec", Map.of()));
        if (documents.infrastructure().isPresent()) {
            Map<String, Object> infrastructure = parse(documents.infrastructure().get());
            spec.putAll((Map<String, Object>) infrastructure.getOrDefault("spec", Map.of()));
            product.putIfAbsent("apiVersion", infrastructure.get("apiVersion"));
            product.putIfAbsent("metadata", infrastructure.get("metadata"));
        }
        List<String> kinds = new ArrayList<>();
        documents.dataProduct().ifPresent(doc -> kinds.add("DataProduct"));
        documents.infrastructure().ifPresent(doc -> kinds.add("DataProductInfrastructure"));
        product.put("documents", List.copyOf(kinds));
        product.put("kind", "DataProduct");
        product.put("spec", spec);
        product.put("id", id.toString());
        product.put("domain", id.domain().toString());
        product.values().removeIf(java.util.Objects::isNull);
        return product;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lineage(Map<String, Object> product) {
        Map<String, Object> spec = (Map<String, Object>) product.get("spec");
        List<Object> inputs = new ArrayList<>();
        Object sources = spec.get("sources");
        if (sources instanceof List<?> list) {
            for (Object source : list) {
                if (source instanceof Map<?, ?> map) {
                    Object upstream = map.get("product");
                    Object name = map.get("name");
                    inputs.add(upstream != null ? upstream : name != null ? name : "?");
                }
            }
        }
        return Map.of("inputs", List.copyOf(inputs));
    }

    private static Map<String, Object> run(RunRecord run) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", run.runId());
        map.put("status", run.status().label());
        map.put("trigger", run.trigger().label());
        map.put("started_at", run.startedAt().toString());
        map.put("rows_read", run.rowsRead());
        map.put("rows_written", run.rowsWritten());
        map.put("rows_quarantined", run.rowsQuarantined());
        map.put("bytes_written", run.bytesWritten());
        run.tableVersion().ifPresent(version -> map.put("table_version", version));
        run.error().ifPresent(error -> map.put("error", error));
        return map;
    }

    private static Map<String, Object> check(CheckResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", result.name());
        map.put("kind", result.kind());
        map.put("severity", result.severity().label());
        map.put("passed", result.passed());
        map.put("expectation", result.expectation());
        map.put("message", result.message());
        result.measured().ifPresent(measured -> map.put("measured", measured));
        return map;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return object(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored descriptor document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> object(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull()) {
                map.put(field.getKey(), value(field.getValue()));
            }
        }
        return map;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return object(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(element.isNull() ? Map.of() : value(element)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** Java values given by a caller (the access controller's decision) as CEL values: ints become longs. */
    static Object celValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), celValue(v)));
            return copy;
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(PolicyFacts::celValue).toList();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(java.util.Locale.ROOT);
        }
        return value == null ? Map.of() : value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String ? value : value.toString();
    }
}
