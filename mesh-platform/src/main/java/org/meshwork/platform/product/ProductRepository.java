package org.meshwork.platform.product;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.GlossaryTermDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.StoredResource;
import org.meshwork.descriptor.DescriptorParser;

/**
 * Reads products and domains back from the metadata store as typed definitions. Binding a stored document (YAML
 * loading, schema and semantic validation) costs milliseconds and every read of the serving path needs several, so
 * the bound definitions are kept in a small cache keyed by the exact stored version (a changed descriptor is a new
 * version with another document, so a cached definition is never stale; the definitions are immutable records).
 */
public final class ProductRepository {
    /** How many bound stored versions are kept. */
    static final int CACHE_SIZE = 512;

    private final MetadataStore store;
    private final DescriptorParser parser;
    private final Map<StoredResource, VersionedProduct> products = lru();
    private final Map<String, Descriptor> descriptors = lru();

    public ProductRepository(MetadataStore store, DescriptorParser parser) {
        this.store = requireNonNull(store, "store is null");
        this.parser = requireNonNull(parser, "parser is null");
    }

    /** A product at its current version, with that version. */
    public Optional<VersionedProduct> find(ProductId id) {
        return store.current(ResourceKey.product(id)).map(this::toProduct);
    }

    public VersionedProduct get(ProductId id) {
        return find(id).orElseThrow(() -> new NoSuchProductException(id));
    }

    public List<VersionedProduct> list() {
        return store.list(ResourceKind.PRODUCT).stream().map(this::toProduct).toList();
    }

    public List<VersionedProduct> list(DomainName domain) {
        return store.list(ResourceKind.PRODUCT, domain).stream().map(this::toProduct).toList();
    }

    public Optional<DomainDescriptor> domain(DomainName name) {
        return store.current(ResourceKey.domain(name)).map(stored -> (DomainDescriptor) bind(stored.document(), stored));
    }

    public List<DomainDescriptor> domains() {
        return store.list(ResourceKind.DOMAIN).stream().map(stored -> (DomainDescriptor) bind(stored.document(), stored)).toList();
    }

    /** A glossary term, by its name. */
    public Optional<GlossaryTermDescriptor> glossaryTerm(String name) {
        return store.current(ResourceKey.glossaryTerm(name))
                .map(stored -> (GlossaryTermDescriptor) bind(stored.document(), stored));
    }

    /** Every glossary term, ordered by name. */
    public List<GlossaryTermDescriptor> glossaryTerms() {
        return store.list(ResourceKind.GLOSSARY_TERM).stream()
                .map(stored -> (GlossaryTermDescriptor) bind(stored.document(), stored)).toList();
    }

    /** Binds a stored product version to its definition. */
    public VersionedProduct toProduct(StoredResource stored) {
        synchronized (products) {
            VersionedProduct cached = products.get(stored);
            if (cached != null) {
                return cached;
            }
        }
        VersionedProduct bound = bindProduct(stored);
        synchronized (products) {
            products.put(stored, bound);
        }
        return bound;
    }

    private VersionedProduct bindProduct(StoredResource stored) {
        ProductDocuments documents = ProductDocuments.decode(stored.document());
        ProductId id = ProductId.parse(stored.key().name());
        Optional<DataProductDescriptor> product =
                documents.dataProduct().map(doc -> (DataProductDescriptor) bind(doc, stored));
        Optional<InfrastructureDescriptor> infrastructure =
                documents.infrastructure().map(doc -> (InfrastructureDescriptor) bind(doc, stored));
        return new VersionedProduct(new ProductDefinition(id, product, infrastructure,
                documents.baseDirectory().map(java.nio.file.Path::of)), stored);
    }

    private Descriptor bind(String document, StoredResource stored) {
        String origin = stored.key() + "@v" + stored.version();
        String key = origin + "\n" + document;
        synchronized (descriptors) {
            Descriptor cached = descriptors.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Descriptor bound = parser.fromDocument(document, origin);
        synchronized (descriptors) {
            descriptors.put(key, bound);
        }
        return bound;
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }

    /** A product definition together with the stored version it came from. */
    public record VersionedProduct(ProductDefinition definition, StoredResource stored) {
        public VersionedProduct {
            requireNonNull(definition, "definition is null");
            requireNonNull(stored, "stored is null");
        }

        public ProductId id() {
            return definition.id();
        }

        public long version() {
            return stored.version();
        }
    }
}
