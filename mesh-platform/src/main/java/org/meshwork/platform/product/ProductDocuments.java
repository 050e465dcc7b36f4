package org.meshwork.platform.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.meshwork.api.descriptor.Kind;

/**
 * The stored form of a product: its {@code DataProduct} document and its {@code DataProductInfrastructure} document,
 * each optional, side by side in one canonical JSON object, with the directory the {@code DataProduct} file was applied
 * from (its source paths and transform file are relative to it). Versioning them together means a product's revision
 * moves whenever anything that defines it changes.
 */
public record ProductDocuments(Optional<String> dataProduct, Optional<String> infrastructure, Optional<String> baseDirectory) {
    private static final String BASE_DIRECTORY = "base_directory";

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ProductDocuments {
        if (dataProduct.isEmpty() && infrastructure.isEmpty()) {
            throw new IllegalArgumentException("a product needs a DataProduct or a DataProductInfrastructure document");
        }
    }

    public static ProductDocuments decode(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode base = node.get(BASE_DIRECTORY);
            return new ProductDocuments(part(node, Kind.DATA_PRODUCT), part(node, Kind.DATA_PRODUCT_INFRASTRUCTURE),
                    base == null || base.isNull() ? Optional.empty() : Optional.of(base.asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored product document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> part(JsonNode node, Kind kind) {
        JsonNode value = node.get(kind.label());
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.toString());
    }

    /** Canonical JSON: parts in key order, each part already canonical. */
    public String encode() {
        try {
            ObjectNode node = JSON.createObjectNode();
            if (dataProduct.isPresent()) {
                node.set(Kind.DATA_PRODUCT.label(), JSON.readTree(dataProduct.get()));
            }
            if (infrastructure.isPresent()) {
                node.set(Kind.DATA_PRODUCT_INFRASTRUCTURE.label(), JSON.readTree(infrastructure.get()));
            }
            baseDirectory.ifPresent(base -> node.put(BASE_DIRECTORY, base));
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("descriptor document is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
