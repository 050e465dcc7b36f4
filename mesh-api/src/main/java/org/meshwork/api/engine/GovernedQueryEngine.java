package org.meshwork.api.engine;

import java.util.List;
import java.util.Set;
import org.meshwork.api.ProductId;

/**
 * The serving side of an engine: reads of published products on behalf of a reader, governed by access decisions.
 * Kept apart from {@link Engine} (which runs pipelines with file access during its load phase) because a governed
 * session never has a load phase: it is locked down before the reader's first statement.
 */
public interface GovernedQueryEngine {

    /**
     * The SQL guard: checks, with the engine's own parser, that {@code sql} is exactly one SELECT whose every table
     * reference is a product id (quoted, e.g. {@code "dp.sales.orders"}) or a name defined by its own {@code WITH},
     * using no table functions, no other schemas or catalogs and no functions that reveal the engine's state.
     *
     * @return the products referenced
     * @throws org.meshwork.api.InvalidArgumentException saying what is not allowed and where
     */
    Set<ProductId> productsOf(String sql);

    /**
     * Opens a session in which exactly {@code views} exist.
     *
     * @param maskSalt the secret mixed into hashed values (letters and digits only); the same salt gives the same
     *     hashes, so hashed columns still join across products and reads
     */
    GovernedSession openGoverned(SessionOptions options, String maskSalt, List<GovernedView> views);

    /**
     * Like {@link #openGoverned}, for views over files that exist only for this one session (e.g. decrypted into a
     * staging area deleted when the read ends): an engine that keeps sessions for reuse must not keep this one.
     */
    default GovernedSession openGovernedOnce(SessionOptions options, String maskSalt, List<GovernedView> views) {
        return openGoverned(options, maskSalt, views);
    }
}
