package org.meshwork.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AuthenticationMethod;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;
import org.meshwork.testing.access.InMemoryAccessStore;
import org.meshwork.testing.time.MutableClock;

class BearerAuthenticatorTest {
    private final Directory directory = new Directory(Map.of(TeamName.of("sales-team"), Set.of(UserName.of("alice"),
            UserName.of("svc-etl"))), Set.of(UserName.of("root")), Set.of(), Set.of(UserName.of("svc-etl")), Set.of());
    private final InMemoryAccessStore store = new InMemoryAccessStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TokenIssuer issuer = new TokenIssuer(store, directory, clock);
    private final Principal root = directory.principal(UserName.of("root"));
    private final BearerAuthenticator bearer = new BearerAuthenticator(
            new TokenAuthenticator(store, () -> directory, clock), Optional.empty());

    @Test
    void meshworkTokensSayWhetherAPersonOrAServiceAccountHoldsThem() {
        IssuedToken personal = issuer.create(root, UserName.of("alice"), Optional.empty(), Optional.empty());
        IssuedToken machine = issuer.create(root, UserName.of("svc-etl"), Optional.empty(), Optional.empty());

        assertThat(method(bearer.check(personal.text()))).isEqualTo(AuthenticationMethod.PERSONAL_ACCESS_TOKEN);
        assertThat(method(bearer.check(machine.text()))).isEqualTo(AuthenticationMethod.SERVICE_ACCOUNT_TOKEN);
    }

    @Test
    void aRefusedMeshworkTokenSaysWhyAndNamesItsPublicIdOnly() {
        IssuedToken expiring = issuer.create(root, UserName.of("alice"), Optional.of(Duration.ofHours(1)),
                Optional.empty());
        IssuedToken revoked = issuer.create(root, UserName.of("alice"), Optional.empty(), Optional.empty());
        issuer.revoke(root, revoked.stored().id());
        clock.advance(Duration.ofHours(2));

        assertThat(reason(bearer.check(expiring.text()))).isEqualTo("the token expired at 2026-11-24T11:00:00Z");
        assertThat(reason(bearer.check(revoked.text()))).startsWith("the token was revoked at ");
        String wrongSecret = revoked.text().substring(0, revoked.text().length() - 2) + "xx";
        CredentialCheck.Refused guessed = (CredentialCheck.Refused) bearer.check(wrongSecret);
        // a wrong secret learns nothing about the token, not even that it was revoked
        assertThat(guessed.reason()).isEqualTo("the token is unknown (no token has this id and secret)");
        assertThat(guessed.details()).containsEntry("token", revoked.stored().id())
                .doesNotContainValue(wrongSecret);
    }

    @Test
    void aJwtIsRefusedWhenNoIssuerIsConfiguredAndAnythingElseIsNeitherKind() {
        assertThat(reason(bearer.check("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"))).contains("no identity.oidc issuer");
        assertThat(reason(bearer.check("hunter2"))).contains("neither a Meshwork token (mwt_…) nor a JWT");
        assertThat(reason(bearer.check("mwt_short"))).contains("not a Meshwork token");
    }

    private static AuthenticationMethod method(CredentialCheck check) {
        return ((CredentialCheck.Accepted) check).principal().authentication().orElseThrow().method();
    }

    private static String reason(CredentialCheck check) {
        return ((CredentialCheck.Refused) check).reason();
    }
}
