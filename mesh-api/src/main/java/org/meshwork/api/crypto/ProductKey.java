package org.meshwork.api.crypto;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.meshwork.api.ProductId;

/**
 * A product's data key as the metadata store keeps it: wrapped (encrypted) by a master key, never in the clear. The
 * master key itself is never stored; {@code masterKeyId} is a fingerprint that tells which master key unwraps it.
 *
 * @param keyVersion the data key's version, from 1; a re-wrap under a new master key keeps the version (the data key,
 *     and so every file it encrypted, is unchanged)
 * @param wrappedKeyset the data keyset encrypted by the master key, base64 text
 * @param masterKeyId the fingerprint of the master key that wrapped it
 * @param createdAt when the data key was generated
 * @param wrappedAt when it was last wrapped (its creation, or the last master key rotation)
 */
public record ProductKey(ProductId product, int keyVersion, String wrappedKeyset, String masterKeyId,
        Instant createdAt, Instant wrappedAt) {

    public ProductKey {
        requireNonNull(product, "product is null");
        if (keyVersion < 1) {
            throw new IllegalArgumentException("key version must be positive, got " + keyVersion);
        }
        requireNonNull(wrappedKeyset, "wrappedKeyset is null");
        requireNonNull(masterKeyId, "masterKeyId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(wrappedAt, "wrappedAt is null");
    }

    /** The same data key wrapped anew (a master key rotation): only the wrapped bytes, master key and time change. */
    public ProductKey rewrapped(String newWrappedKeyset, String newMasterKeyId, Instant at) {
        return new ProductKey(product, keyVersion, newWrappedKeyset, newMasterKeyId, createdAt, at);
    }
}
