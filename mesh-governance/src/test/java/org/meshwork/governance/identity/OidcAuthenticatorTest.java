package org.meshwork.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AuthenticationMethod;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.Role;
import org.meshwork.testing.time.MutableClock;

/**
 * Every check of {@link OidcAuthenticator}, with keys generated here and a hand-written fake issuer that serves the
 * discovery document and the key set and counts how often each is fetched.
 */
class OidcAuthenticatorTest {
    private static final URI ISSUER = URI.create("https://login.example.com/realms/acme");
    private static final String AUDIENCE = "meshwork-api";
    private static final TeamName SALES = TeamName.of("sales-team");
    private static final TeamName ANALYTICS = TeamName.of("analytics-team");
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final Directory directory = new Directory(Map.of(SALES, Set.of(UserName.of("alice@example.com")),
            ANALYTICS, Set.of()), Set.of(UserName.of("root@example.com")), Set.of(), Set.of(UserName.of("svc-etl")),
            Set.of());
    private final RSAKey rsa = rsaKey("rsa-1");
    private final ECKey ec = ecKey("ec-1");
    private final FakeIssuer issuer = new FakeIssuer(ISSUER.toString(), List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    private final OidcAuthenticator authenticator = new OidcAuthenticator(new OidcSettings(ISSUER, AUDIENCE, "email",
            "groups", Map.of("acme-sales", SALES, "acme-analysts", ANALYTICS), Duration.ofSeconds(60),
            OidcSettings.ASYMMETRIC_ALGORITHMS), () -> directory, clock, issuer);

    @Test
    void aValidRs256TokenBecomesItsUserWithTheTeamsOfItsMappedGroups() {
        Principal principal = accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims
                .claim("email", "Alice@Example.com").claim("groups", List.of("acme-analysts", "unrelated"))));

        assertThat(principal.name()).isEqualTo(UserName.of("alice@example.com"));
        assertThat(principal.teams()).containsExactlyInAnyOrder(SALES, ANALYTICS); // declared + mapped
        assertThat(principal.authentication().orElseThrow().method()).isEqualTo(AuthenticationMethod.OIDC);
        assertThat(issuer.fetches(FakeIssuer.DISCOVERY)).isEqualTo(1);
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isEqualTo(1);
    }

    @Test
    void anEs256TokenIsAcceptedAndTheKeysAreCached() {
        accepted(signed(ec, JWSAlgorithm.ES256, claims -> {}));
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> {}));
        accepted(signed(ec, JWSAlgorithm.ES256, claims -> {}));

        assertThat(issuer.fetches(FakeIssuer.DISCOVERY)).isEqualTo(1);
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isEqualTo(1);
    }

    @Test
    void aUserOnlyTheGroupsMapIsAcceptedAnUnmappedOneIsNot() {
        Principal mapped = accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims
                .claim("email", "bob@example.com").claim("groups", List.of("acme-analysts"))));
        assertThat(mapped.teams()).containsExactly(ANALYTICS);

        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("email", "eve@example.com")
                .claim("groups", List.of("acme-visitors"))), "user 'eve@example.com' is not named in mesh.yaml and"
                + " none of its groups [acme-visitors] is mapped");
    }

    @Test
    void rolesComeFromMeshYamlOnly() {
        Principal root = accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("email", "root@example.com")
                .claim("groups", List.of())));
        assertThat(root.roles()).containsExactly(Role.PLATFORM_ADMIN);
        assertThat(accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("groups", "acme-sales"))).roles())
                .isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedButTheClockSkewIsAllowed() {
        String expired = signed(rsa, JWSAlgorithm.RS256, claims -> claims.expirationTime(date(NOW.minusSeconds(61))));
        assertRefused(expired, "the JWT expired at 2026-11-24T09:58:59Z (expired)");
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims.expirationTime(date(NOW.minusSeconds(30)))));
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.expirationTime(null)), "has no expiry (exp)");
    }

    @Test
    void aTokenNotYetValidOrIssuedInTheFutureIsRefused() {
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.notBeforeTime(date(NOW.plusSeconds(120)))),
                "not valid before 2026-11-24T10:02:00Z (nbf)");
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims.notBeforeTime(date(NOW.plusSeconds(30)))));
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.issueTime(date(NOW.plusSeconds(600)))),
                "issued in the future");
    }

    @Test
    void aWrongIssuerIsRefused() {
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.issuer("https://evil.example.com")),
                "issued by 'https://evil.example.com', not by the configured issuer"
                        + " 'https://login.example.com/realms/acme' (wrong issuer)");
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.issuer(ISSUER + "/")), "(wrong issuer)");
    }

    @Test
    void aWrongAudienceIsRefused() {
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.audience(List.of("other-app"))),
                "meant for audience [other-app], not 'meshwork-api' (wrong audience)");
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.audience(List.of())), "has no audience");
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> claims.audience(List.of("other-app", AUDIENCE))));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String none = new PlainJWT(claims(claims -> {}).build()).serialize();
        assertRefused(none, "unsigned (alg: none)");
        // a header that claims RS256 with the signature part cut off is not a valid JWS at all
        String[] parts = signed(rsa, JWSAlgorithm.RS256, claims -> {}).split("\\.");
        assertRefused(parts[0] + "." + parts[1] + ".", "not a valid JWT (The signature must not be empty)");
        assertThat(issuer.fetches(FakeIssuer.DISCOVERY)).isLessThanOrEqualTo(1);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("groups", List.of("acme-analysts")));
        String[] parts = token.split("\\.");
        String forged = claims(claims -> claims.claim("email", "root@example.com")).build().toString();
        String tampered = parts[0] + "." + Base64URL.encode(forged) + "." + parts[2];

        assertRefused(tampered, "the JWT's signature does not verify with the issuer's key: the token was altered");
    }

    @Test
    void anHmacTokenKeyedWithTheIssuersPublicKeyIsRefused() throws JOSEException {
        // the classic confusion attack: HS256 with the public key's bytes as the secret, naming the RSA key's kid
        byte[] publicKey = rsa.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
                claims(claims -> {}).build());
        jwt.sign(new MACSigner(publicKey));

        assertRefused(jwt.serialize(), "the JWT is HMAC-signed (HS256); only asymmetric signatures");
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isZero(); // refused before any key is looked at
    }

    @Test
    void aTokenSignedByAnotherKeyUnderAKnownKeyIdIsRefused() {
        RSAKey impostor = rsaKey(rsa.getKeyID());
        assertRefused(signed(impostor, JWSAlgorithm.RS256, claims -> {}), "signature does not verify");
    }

    @Test
    void anUnknownKeyIdIsRefusedAfterOneRefreshAndRefreshesAreRateLimited() {
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> {}));
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isEqualTo(1);

        RSAKey stranger = rsaKey("rsa-unknown");
        assertRefused(signed(stranger, JWSAlgorithm.RS256, claims -> {}),
                "the issuer's key set has no RS256 key with key id 'rsa-unknown' (unknown key id)");
        for (int i = 0; i < 20; i++) {
            assertRefused(signed(rsaKey("made-up-" + i), JWSAlgorithm.RS256, claims -> {}), "(unknown key id)");
        }
        // Nimbus lets two fetches through per interval (for a rotation), then refuses to ask again for 30 s
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isBetween(2, 3);
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> {})); // the cached keys still work meanwhile
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenFirstNamesIt() {
        accepted(signed(rsa, JWSAlgorithm.RS256, claims -> {}));
        RSAKey rotated = rsaKey("rsa-2");
        issuer.keys(List.of(rsa.toPublicJWK(), rotated.toPublicJWK()));

        accepted(signed(rotated, JWSAlgorithm.RS256, claims -> {}));
        assertThat(issuer.fetches(FakeIssuer.JWKS)).isEqualTo(2);
    }

    @Test
    void anAlgorithmLeftOutOfTheSettingsIsRefused() {
        OidcAuthenticator rsaOnly = new OidcAuthenticator(new OidcSettings(ISSUER, AUDIENCE, "email", "groups",
                Map.of(), Duration.ZERO, Set.of("RS256")), () -> directory, clock, issuer);
        assertThat(rsaOnly.check(signed(ec, JWSAlgorithm.ES256, claims -> {}))).isInstanceOfSatisfying(
                CredentialCheck.Refused.class, refused -> assertThat(refused.reason())
                        .contains("signed with ES256, which is not accepted (RS256)"));
    }

    @Test
    void theUserClaimMustBeThereVerifiedAndAValidName() {
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("email", null)),
                "no text claim 'email' to name the user");
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("email_verified", false)),
                "is not verified (email_verified: false)");
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("email", "alice smith")),
                "does not name a valid user");
        assertRefused(signed(rsa, JWSAlgorithm.RS256, claims -> claims.claim("groups", List.of(1, 2))),
                "claim 'groups' must be a list of texts");
    }

    @Test
    void somethingThatIsNotAJwtIsRefused() {
        assertRefused("eyJhbGciOiJSUzI1NiJ9.e30", "not a valid JWT");
        assertRefused("eyJub3QganNvbg.e30.c2ln", "not a valid JWT");
    }

    @Test
    void refusalsCarryWhatTheAuditLogNeedsButNoSecret() {
        CredentialCheck check = authenticator.check(signed(rsa, JWSAlgorithm.RS256,
                claims -> claims.issuer("https://evil.example.com")));
        assertThat(((CredentialCheck.Refused) check).details()).containsEntry("credential", "jwt")
                .containsEntry("alg", "RS256").containsEntry("kid", "rsa-1")
                .containsEntry("claimed_issuer", "https://evil.example.com");
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerIsNeverTrusted() {
        FakeIssuer lying = new FakeIssuer("https://evil.example.com", List.of(rsa.toPublicJWK()));
        OidcAuthenticator trusting = new OidcAuthenticator(OidcSettings.of(ISSUER, AUDIENCE, Map.of()),
                () -> directory, clock, lying);

        assertThatThrownBy(() -> trusting.check(signed(rsa, JWSAlgorithm.RS256, claims -> {})))
                .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE))
                .hasMessageContaining("names issuer 'https://evil.example.com', not the configured"
                        + " 'https://login.example.com/realms/acme'");
        assertThat(lying.fetches(FakeIssuer.JWKS)).isZero();
    }

    @Test
    void anIssuerThatDoesNotAnswerIsUnavailableAndAskedAgainOnlyAfterAPause() {
        issuer.down(true);
        String token = signed(rsa, JWSAlgorithm.RS256, claims -> {});
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> authenticator.check(token)).isInstanceOfSatisfying(MeshException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE));
        }
        assertThat(issuer.fetches(FakeIssuer.DISCOVERY)).isEqualTo(1);

        issuer.down(false);
        clock.advance(OidcAuthenticator.DISCOVERY_RETRY_INTERVAL);
        accepted(token);
        assertThat(issuer.fetches(FakeIssuer.DISCOVERY)).isEqualTo(2);
    }

    @Test
    void settingsRefuseWhatWouldWeakenTheChecks() {
        assertThatThrownBy(() -> OidcSettings.of(URI.create("http://login.example.com"), AUDIENCE, Map.of()))
                .hasMessageContaining("must be an https:// URL (http:// only on localhost)");
        OidcSettings.of(URI.create("http://localhost:8080/default"), AUDIENCE, Map.of());
        assertThatThrownBy(() -> new OidcSettings(ISSUER, AUDIENCE, "email", "groups", Map.of(), Duration.ZERO,
                Set.of("HS256"))).hasMessageContaining("algorithm 'HS256' is not accepted");
        assertThatThrownBy(() -> new OidcSettings(ISSUER, AUDIENCE, "email", "groups", Map.of(), Duration.ofHours(1),
                OidcSettings.ASYMMETRIC_ALGORITHMS)).hasMessageContaining("clock skew must be between 0s and PT5M");
    }

    private Principal accepted(String token) {
        CredentialCheck check = authenticator.check(token);
        assertThat(check).as("%s", check).isInstanceOf(CredentialCheck.Accepted.class);
        return ((CredentialCheck.Accepted) check).principal();
    }

    private void assertRefused(String token, String reason) {
        CredentialCheck check = authenticator.check(token);
        assertThat(check).isInstanceOfSatisfying(CredentialCheck.Refused.class,
                refused -> assertThat(refused.reason()).contains(reason));
        assertThat(authenticator.authenticate(token)).isEmpty();
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> changes) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER.toString())
                .audience(AUDIENCE)
                .subject("00u1")
                .claim("email", "alice@example.com")
                .issueTime(date(NOW.minusSeconds(10)))
                .expirationTime(date(NOW.plusSeconds(300)));
        changes.accept(claims);
        return claims;
    }

    private static String signed(JWK key, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> changes) {
        try {
            JWSSigner signer = key instanceof RSAKey rsaKey ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims(changes).build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An issuer's two documents, served from memory: the discovery document and the key set. */
    static final class FakeIssuer implements ResourceRetriever {
        static final String DISCOVERY = "/.well-known/openid-configuration";
        static final String JWKS = "/keys";

        private final String issuer;
        private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
        private volatile List<JWK> keys;
        private volatile boolean down;

        FakeIssuer(String issuer, List<JWK> keys) {
            this.issuer = issuer;
            this.keys = new ArrayList<>(keys);
        }

        void keys(List<JWK> keys) {
            this.keys = new ArrayList<>(keys);
        }

        void down(boolean down) {
            this.down = down;
        }

        int fetches(String what) {
            return fetches.getOrDefault(what, new AtomicInteger()).get();
        }

        @Override
        public Resource retrieveResource(URL url) throws IOException {
            String path = url.getPath();
            String what = path.endsWith(DISCOVERY) ? DISCOVERY : path.endsWith(JWKS) ? JWKS : path;
            fetches.computeIfAbsent(what, key -> new AtomicInteger()).incrementAndGet();
            if (down) {
                throw new IOException("connection refused");
            }
            if (what.equals(DISCOVERY)) {
                return new Resource("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + ISSUER + JWKS + "\"}",
                        "application/json");
            }
            if (what.equals(JWKS)) {
                return new Resource(new JWKSet(keys).toString(true), "application/json");
            }
            throw new IOException("404 for " + url);
        }
    }
}
