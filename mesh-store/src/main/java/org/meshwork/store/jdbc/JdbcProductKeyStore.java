package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.api.crypto.ProductKeyStore;

/**
 * {@link ProductKeyStore} in table {@code product_keys} (migration V6) of a {@link JdbcMetadataStore}'s database,
 * sharing its connections, transactions and retries. A first key is inserted with {@code ON CONFLICT DO NOTHING}, so
 * of two processes creating a product's key at once exactly one wins and the other reads the winner's.
 */
final class JdbcProductKeyStore implements ProductKeyStore {
    private static final String COLUMNS = "product_id, key_version, wrapped_keyset, master_key_id, created_at, wrapped_at";

    private final JdbcMetadataStore store;

    JdbcProductKeyStore(JdbcMetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Optional<ProductKey> current(ProductId product) {
        requireNonNull(product, "product is null");
        return store.withHandle("read the data key of " + product, handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM product_keys WHERE product_id = :product"
                        + " ORDER BY key_version DESC")
                .bind("product", product.toString())
                .map((rows, context) -> read(rows))
                .findFirst());
    }

    @Override
    public List<ProductKey> all() {
        return store.withHandle("read the data keys", handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM product_keys ORDER BY product_id, key_version")
                .map((rows, context) -> read(rows))
                .list());
    }

    @Override
    public boolean insert(ProductKey key) {
        requireNonNull(key, "key is null");
        return store.inWriteTransaction("store the data key of " + key.product(), handle -> handle
                .createUpdate("INSERT INTO product_keys (" + COLUMNS + ") VALUES (:product, :version, :wrapped,"
                        + " :master, :created, :wrapped_at) ON CONFLICT (product_id, key_version) DO NOTHING")
                .bind("product", key.product().toString())
                .bind("version", key.keyVersion())
                .bind("wrapped", key.wrappedKeyset())
                .bind("master", key.masterKeyId())
                .bind("created", TimestampText.format(key.createdAt()))
                .bind("wrapped_at", TimestampText.format(key.wrappedAt()))
                .execute() == 1);
    }

    @Override
    public void rewrap(List<ProductKey> keys) {
        List<ProductKey> copy = List.copyOf(keys);
        store.inWriteTransaction("re-wrap " + copy.size() + " data keys", handle -> {
            for (ProductKey key : copy) {
                int updated = handle.createUpdate("UPDATE product_keys SET wrapped_keyset = :wrapped,"
                                + " master_key_id = :master, wrapped_at = :wrapped_at"
                                + " WHERE product_id = :product AND key_version = :version")
                        .bind("wrapped", key.wrappedKeyset())
                        .bind("master", key.masterKeyId())
                        .bind("wrapped_at", TimestampText.format(key.wrappedAt()))
                        .bind("product", key.product().toString())
                        .bind("version", key.keyVersion())
                        .execute();
                if (updated != 1) {
                    throw new IllegalStateException("no data key version " + key.keyVersion() + " of " + key.product()
                            + " to re-wrap; nothing was changed");
                }
            }
            return null;
        });
    }

    private static ProductKey read(ResultSet rows) throws SQLException {
        return new ProductKey(ProductId.parse(rows.getString("product_id")), rows.getInt("key_version"),
                rows.getString("wrapped_keyset"), rows.getString("master_key_id"),
                TimestampText.parse(rows.getString("created_at")), TimestampText.parse(rows.getString("wrapped_at")));
    }
}
