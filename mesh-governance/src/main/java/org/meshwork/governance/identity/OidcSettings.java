package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.TeamName;

/**
 * The OpenID Connect issuer whose JWTs the server accepts ({@code identity.oidc} in {@code mesh.yaml}) and how their
 * claims become a Meshwork principal.
 *
 * @param issuer the issuer identifier, exactly as the tokens' {@code iss} claim and the discovery document name it;
 *     {@code https}, or {@code http} on a loopback host (a provider on the same machine)
 * @param audience the value the tokens' {@code aud} claim must contain: the API's client id at the provider
 * @param userClaim the claim that names the Meshwork user ({@code email}, {@code preferred_username}, {@code sub});
 *     its value is lower-cased and must be a valid user name
 * @param groupsClaim the claim that lists the caller's groups at the provider
 * @param groupTeams provider group → Meshwork team declared under {@code teams}: membership a token adds to the teams
 *     {@code mesh.yaml} lists the user in
 * @param clockSkew how far the clocks of the provider and the server may differ when checking {@code exp},
 *     {@code nbf} and {@code iat}
 * @param algorithms the signature algorithms accepted, all asymmetric (RSA, RSA-PSS, ECDSA)
 */
public record OidcSettings(
        URI issuer,
        String audience,
        String userClaim,
        String groupsClaim,
        Map<String, TeamName> groupTeams,
        Duration clockSkew,
        Set<String> algorithms) {
    public static final String USER_CLAIM_DEFAULT = "email";
    public static final String GROUPS_CLAIM_DEFAULT = "groups";
    public static final Duration CLOCK_SKEW_DEFAULT = Duration.ofSeconds(60);
    public static final Duration CLOCK_SKEW_MAX = Duration.ofMinutes(5);
    /** Every asymmetric JWS algorithm; HMAC ({@code HS*}) and {@code none} are never accepted. */
    public static final Set<String> ASYMMETRIC_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    public OidcSettings {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(audience, "audience is null");
        requireNonNull(userClaim, "userClaim is null");
        requireNonNull(groupsClaim, "groupsClaim is null");
        groupTeams = Map.copyOf(groupTeams);
        requireNonNull(clockSkew, "clockSkew is null");
        algorithms = Set.copyOf(algorithms);
        InvalidArgumentException.check("https".equals(issuer.getScheme()) || ("http".equals(issuer.getScheme())
                && isLoopback(issuer.getHost())), "the issuer must be an https:// URL (http:// only on localhost),"
                + " got '%s'", issuer);
        InvalidArgumentException.check(issuer.getRawQuery() == null && issuer.getRawFragment() == null,
                "the issuer must have no query or fragment, got '%s'", issuer);
        InvalidArgumentException.check(!audience.isBlank(), "the audience is empty");
        InvalidArgumentException.check(!userClaim.isBlank(), "the user claim is empty");
        InvalidArgumentException.check(!groupsClaim.isBlank(), "the groups claim is empty");
        InvalidArgumentException.check(!clockSkew.isNegative() && clockSkew.compareTo(CLOCK_SKEW_MAX) <= 0,
                "the clock skew must be between 0s and %s, got %s", CLOCK_SKEW_MAX, clockSkew);
        InvalidArgumentException.check(!algorithms.isEmpty(), "name at least one algorithm");
        for (String algorithm : algorithms) {
            InvalidArgumentException.check(ASYMMETRIC_ALGORITHMS.contains(algorithm), "algorithm '%s' is not accepted:"
                    + " use asymmetric ones only, of %s", algorithm, ASYMMETRIC_ALGORITHMS.stream().sorted().toList());
        }
    }

    /** The settings with every default: claims {@code email} and {@code groups}, 60 s skew, all asymmetric algorithms. */
    public static OidcSettings of(URI issuer, String audience, Map<String, TeamName> groupTeams) {
        return new OidcSettings(issuer, audience, USER_CLAIM_DEFAULT, GROUPS_CLAIM_DEFAULT, groupTeams,
                CLOCK_SKEW_DEFAULT, ASYMMETRIC_ALGORITHMS);
    }

    /** Where the issuer's discovery document is (OpenID Connect Discovery 1.0, section 4). */
    public URI discoveryDocument() {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
