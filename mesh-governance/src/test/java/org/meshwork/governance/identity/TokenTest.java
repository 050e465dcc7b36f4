package org.meshwork.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.access.Role;
import org.meshwork.testing.access.InMemoryAccessStore;
import org.meshwork.testing.time.MutableClock;

class TokenTest {
    private static final TeamName SALES = TeamName.of("sales-team");
    private final Directory directory = new Directory(Map.of(SALES, Set.of(UserName.of("alice"),
            UserName.of("svc-etl"))), Set.of(UserName.of("root")), Set.of(UserName.of("audrey")),
            Set.of(UserName.of("svc-etl")), Set.of());
    private final InMemoryAccessStore store = new InMemoryAccessStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TokenIssuer issuer = new TokenIssuer(store, directory, clock);
    private final TokenAuthenticator authenticator = new TokenAuthenticator(store, () -> directory, clock);
    private final Principal alice = directory.principal(UserName.of("alice"));
    private final Principal root = directory.principal(UserName.of("root"));

    @Test
    void onlyASaltedHashIsStoredAndTheTokenAuthenticatesItsUser() {
        IssuedToken issued = issuer.create(alice, UserName.of("alice"), Optional.empty(), Optional.of("laptop"));
        assertThat(issued.text()).matches("mwt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        ApiToken stored = store.token(issued.stored().id()).orElseThrow();
        String secret = issued.text().substring(issued.text().lastIndexOf('_') + 1);
        assertThat(stored.toString()).doesNotContain(secret);
        assertThat(stored.secretHash()).hasSize(64).isNotEqualTo(secret);
        assertThat(stored.salt()).hasSize(32);
        assertThat(issued.toString()).doesNotContain(secret);

        assertThat(authenticator.authenticate(issued.text())).contains(alice);
        // a second token for the same user has its own salt and hash
        IssuedToken other = issuer.create(alice, UserName.of("alice"), Optional.empty(), Optional.empty());
        assertThat(store.token(other.stored().id()).orElseThrow().salt()).isNotEqualTo(stored.salt());

        String wrongSecret = issued.text().substring(0, issued.text().length() - 1)
                + (issued.text().endsWith("A") ? "B" : "A");
        assertThat(authenticator.authenticate(wrongSecret)).isEmpty();
        String otherId = other.text().substring(0, 17) + issued.text().substring(17);
        assertThat(authenticator.authenticate(otherId)).isEmpty();
    }

    @Test
    void expiredAndRevokedTokensAuthenticateNobody() {
        IssuedToken expiring = issuer.create(root, UserName.of("alice"), Optional.of(Duration.ofDays(30)), Optional.empty());
        assertThat(authenticator.authenticate(expiring.text())).isPresent();
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(authenticator.authenticate(expiring.text())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(authenticator.authenticate(expiring.text())).isEmpty();

        IssuedToken revoked = issuer.create(alice, UserName.of("alice"), Optional.empty(), Optional.empty());
        assertThat(authenticator.authenticate(revoked.text())).isPresent();
        issuer.revoke(alice, revoked.stored().id());
        assertThat(authenticator.authenticate(revoked.text())).isEmpty();
        assertThatThrownBy(() -> issuer.revoke(alice, revoked.stored().id()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("revoked already");
    }

    @Test
    void usersManageTheirOwnTokensAndAdminsEveryones() {
        assertThatThrownBy(() -> issuer.create(alice, UserName.of("root"), Optional.empty(), Optional.empty()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("user 'alice' may not create a token for user 'root': only the user themself or a platform"
                        + " admin may");
        IssuedToken service = issuer.create(root, UserName.of("svc-etl"), Optional.empty(), Optional.empty());
        Principal principal = authenticator.authenticate(service.text()).orElseThrow();
        assertThat(principal.kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
        assertThat(principal.teams()).containsExactly(SALES);
        assertThat(authenticator.authenticate(issuer.create(root, UserName.of("audrey"), Optional.empty(),
                Optional.empty()).text()).orElseThrow().roles()).containsExactly(Role.AUDITOR);

        assertThatThrownBy(() -> issuer.revoke(alice, service.stored().id())).isInstanceOf(ForbiddenException.class);
        assertThat(issuer.list(alice, Optional.empty())).isEmpty();
        assertThat(issuer.list(root, Optional.empty())).hasSize(2);
        assertThatThrownBy(() -> issuer.create(root, UserName.of("nobody"), Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'nobody' is not named in mesh.yaml");
        assertThatThrownBy(() -> issuer.create(root, UserName.of("alice"), Optional.of(Duration.ZERO), Optional.empty()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--expires");
    }

    @Test
    void aUserRemovedFromTheWorkspaceLosesAccessAtOnce() {
        IssuedToken issued = issuer.create(alice, UserName.of("alice"), Optional.empty(), Optional.empty());
        Directory without = new Directory(Map.of(), Set.of(UserName.of("root")), Set.of(), Set.of(), Set.of());
        assertThat(new TokenAuthenticator(store, () -> without, clock).authenticate(issued.text())).isEmpty();
    }
}
