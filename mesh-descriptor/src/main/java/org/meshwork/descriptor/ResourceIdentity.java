package org.meshwork.descriptor;

import static org.meshwork.descriptor.SemanticValidator.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Kind;

/** What a document declares: its kind and the key that must be unique among the documents parsed together. */
final class ResourceIdentity {
    private ResourceIdentity() {}

    static Optional<Kind> kind(JsonNode tree) {
        return text(tree.path("kind")).flatMap(Kind::fromLabel);
    }

    /** {@code metadata.id} when given, otherwise {@code dp.<namespace>.<name>}; empty while either is invalid. */
    static Optional<ProductId> productId(JsonNode tree) {
        JsonNode metadata = tree.path("metadata");
        Optional<String> explicit = text(metadata.path("id"));
        if (explicit.isPresent()) {
            return explicit.filter(ProductId::isValid).map(ProductId::parse);
        }
        Optional<String> namespace = text(metadata.path("namespace"));
        Optional<String> name = text(metadata.path("name"));
        if (namespace.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        String id = ProductId.PREFIX + namespace.get() + "." + name.get();
        return ProductId.isValid(id) ? Optional.of(ProductId.parse(id)) : Optional.empty();
    }

    /** A readable key, e.g. {@code DataProduct dp.sales.orders} or {@code DomainPolicy sales/pii-masked}. */
    static Optional<String> key(JsonNode tree) {
        Optional<Kind> kind = kind(tree);
        Optional<String> name = text(tree.path("metadata").path("name"));
        if (kind.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return switch (kind.get()) {
            case DATA_PRODUCT, DATA_PRODUCT_INFRASTRUCTURE -> productId(tree).map(id -> kind.get().label() + " " + id);
            case DOMAIN_POLICY -> text(tree.path("metadata").path("namespace"))
                    .map(namespace -> kind.get().label() + " " + namespace + "/" + name.get());
            case DOMAIN, GLOBAL_POLICY, GLOSSARY_TERM -> Optional.of(kind.get().label() + " " + name.get());
        };
    }
}
