package org.meshwork.api.crypto;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * Where the wrapped data keys of encrypted products live (the metadata store, beside the product's other metadata;
 * never in the lake, so a copy of the lake holds no key material, and never the master key).
 *
 * <p>Implementations are safe for concurrent use by several threads and processes.
 */
public interface ProductKeyStore {

    /** The product's newest data key, or empty when it has none yet. */
    Optional<ProductKey> current(ProductId product);

    /** Every stored data key, by product and version. */
    List<ProductKey> all();

    /**
     * Stores a product's first (or next) data key.
     *
     * @return {@code true} when stored; {@code false} when the product already has a key of that version (another
     *     writer created it first: read it with {@link #current}), and nothing was changed
     */
    boolean insert(ProductKey key);

    /**
     * Replaces the wrapped form of existing keys (a master key rotation), all in one transaction: either every key is
     * re-wrapped or none is.
     *
     * @throws IllegalStateException when one of the keys does not exist; nothing was changed
     */
    void rewrap(List<ProductKey> keys);
}
