package org.meshwork.descriptor;

import static org.meshwork.descriptor.SemanticValidator.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Kind;
import org.meshwork.api.descriptor.Problem;

/**
 * Rules over all documents parsed together: each resource is declared once, and the columns quality checks name exist
 * in the product's output schema. A {@code DataProductInfrastructure} is checked against the {@code DataProduct} of
 * the same id; with no declared schema a check on a column can only be verified at run time, so it is a warning.
 */
final class CrossDocumentValidator {

    /** Reports each problem with the document it belongs to. */
    void validate(List<YamlDocument> documents, BiConsumer<YamlDocument, Problem> report) {
        Map<String, YamlDocument> declared = new HashMap<>();
        Map<ProductId, YamlDocument> products = new HashMap<>();
        for (YamlDocument document : documents) {
            Optional<String> key = ResourceIdentity.key(document.tree());
            if (key.isEmpty()) {
                continue;
            }
            YamlDocument first = declared.putIfAbsent(key.get(), document);
            if (first != null) {
                report.accept(document, Problem.error(document.position("metadata.name"), "metadata.name", "duplicate " + key.get()
                        + ": already declared at " + first.position("metadata.name")));
            } else if (ResourceIdentity.kind(document.tree()).orElseThrow() == Kind.DATA_PRODUCT) {
                ResourceIdentity.productId(document.tree()).ifPresent(id -> products.put(id, document));
            }
        }
        checkEntityClaims(products, report);
        for (YamlDocument document : documents) {
            Optional<Kind> kind = ResourceIdentity.kind(document.tree());
            if (kind.isEmpty() || (kind.get() != Kind.DATA_PRODUCT && kind.get() != Kind.DATA_PRODUCT_INFRASTRUCTURE)) {
                continue;
            }
            Optional<ProductId> id = ResourceIdentity.productId(document.tree());
            YamlDocument product = kind.get() == Kind.DATA_PRODUCT ? document : id.map(products::get).orElse(null);
            Set<String> schema = new LinkedHashSet<>();
            if (product != null) {
                product.tree().path("spec").path("schema").path("columns")
                        .forEach(column -> text(column.path("name")).ifPresent(schema::add));
            }
            checkColumns(document, id.map(ProductId::toString).orElse(document.tree().path("metadata").path("name").asText()),
                    schema, problem -> report.accept(document, problem));
        }
    }

    /**
     * One business entity ({@code spec.entity}) claimed by products of two or more domains is the guide's anti-pattern of
     * several teams owning the same data: a warning on each claim, naming the others.
     */
    private static void checkEntityClaims(Map<ProductId, YamlDocument> products, BiConsumer<YamlDocument, Problem> report) {
        Map<String, Map<String, ProductId>> claims = new java.util.TreeMap<>();
        products.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ProductId::toString)))
                .forEach(entry -> text(entry.getValue().tree().path("spec").path("entity")).ifPresent(entity -> claims
                        .computeIfAbsent(entity.trim().toLowerCase(java.util.Locale.ROOT), k -> new java.util.TreeMap<>())
                        .putIfAbsent(entry.getKey().domain().value(), entry.getKey())));
        claims.forEach((entity, byDomain) -> {
            if (byDomain.size() < 2) {
                return;
            }
            for (ProductId claimant : byDomain.values()) {
                List<String> others = byDomain.values().stream().filter(other -> !other.equals(claimant))
                        .map(ProductId::toString).toList();
                report.accept(products.get(claimant), Problem.warning(products.get(claimant).position("spec.entity"),
                        "spec.entity", "ownership overlap: entity '" + entity + "' is also claimed by "
                                + String.join(", ", others) + " of another domain; one domain should own it and the"
                                + " others read its product"));
            }
        });
    }

    private static void checkColumns(YamlDocument document, String product, Set<String> schema, Consumer<Problem> problems) {
        JsonNode checks = document.tree().path("spec").path("quality").path("checks");
        for (int i = 0; i < checks.size(); i++) {
            String path = FieldPaths.index("spec.quality.checks", i);
            JsonNode check = checks.path(i);
            text(check.path("column")).ifPresent(column -> checkColumn(document, path + ".column", column, product, schema, problems));
            JsonNode columns = check.path("columns");
            for (int j = 0; j < columns.size(); j++) {
                int index = j;
                text(columns.path(j)).ifPresent(column ->
                        checkColumn(document, FieldPaths.index(path + ".columns", index), column, product, schema, problems));
            }
        }
    }

    private static void checkColumn(YamlDocument document, String path, String column, String product, Set<String> schema,
            Consumer<Problem> problems) {
        if (schema.isEmpty()) {
            problems.accept(Problem.warning(document.position(path), path, "column '" + column + "' cannot be verified: " + product
                    + " declares no output schema (spec.schema.columns); it is checked when the product runs"));
        } else if (!schema.contains(column)) {
            problems.accept(Problem.error(document.position(path), path, "column '" + column + "' is not in the output schema of "
                    + product + " (" + String.join(", ", schema) + ")",
                    Suggestions.didYouMean(column, schema).orElse(null)));
        }
    }
}
