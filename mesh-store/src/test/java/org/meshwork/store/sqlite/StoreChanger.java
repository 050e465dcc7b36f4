package org.meshwork.store.sqlite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.UserName;
import org.meshwork.api.store.ResourceChange;

/**
 * The other process of {@link SqliteStoreRevisionIT}, as the CLI next to a running server: opens the store, commits
 * version 2 of {@code dp.sales.orders}, revokes grant {@code g-1} and token {@code 0123456789ab}, and exits 0 (1 on
 * any failure, with the stack trace).
 *
 * <p>Arguments: database file.
 */
public final class StoreChanger {
    private StoreChanger() {}

    public static void main(String[] args) {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(Path.of(args[0]))) {
            store.commit(List.of(new ResourceChange(CommitRacer.KEY, 1, Optional.of(DomainName.of("sales")),
                    "{\"v\":2}", "sha256:v2")), UserName.of("cli"), Instant.now());
            if (!store.accessStore().revokeGrant("g-1", Instant.now())
                    || !store.accessStore().revokeToken("0123456789ab", Instant.now())) {
                throw new IllegalStateException("the grant or the token was not there to revoke");
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }
}
