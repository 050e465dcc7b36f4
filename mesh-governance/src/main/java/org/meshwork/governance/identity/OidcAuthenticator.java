package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AuthenticationMethod;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;

/**
 * Authenticates the JWTs of one OpenID Connect issuer ({@link OidcSettings}) with Nimbus JOSE + JWT.
 *
 * <p>The issuer's discovery document ({@code /.well-known/openid-configuration}) is read on the first token, and must
 * name the configured issuer exactly; its {@code jwks_uri} gives the signing keys, kept by Nimbus's JWK source: cached
 * for {@link #KEYS_TIME_TO_LIVE}, fetched again at once when a token names a key id the cached set lacks (the issuer
 * rotated its keys), but no more than twice per {@link #KEYS_MIN_REFRESH_INTERVAL}, so tokens with made-up key ids
 * cannot make the server hammer the issuer.
 *
 * <p>A token is accepted only when, in this order: it is a signed JWT (never {@code alg: none}, never encrypted); its
 * algorithm is an accepted asymmetric one (HMAC is refused outright, so a token "signed" with the issuer's public key
 * as an HMAC secret never reaches a verifier); a key of the issuer's set with its key id and type verifies the
 * signature; {@code iss} is the issuer; {@code aud} contains the audience; {@code exp} is present and not past,
 * {@code nbf} and {@code iat} not in the future (each with the clock skew); and its user claim names a user that
 * {@code mesh.yaml} declares or one of its groups maps to a declared team. Every refusal says which check failed.
 */
public final class OidcAuthenticator implements Authenticator {
    public static final Duration KEYS_TIME_TO_LIVE = Duration.ofMinutes(5);
    public static final Duration KEYS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** After a failed discovery, tokens are answered "unavailable" for this long before the issuer is asked again. */
    public static final Duration DISCOVERY_RETRY_INTERVAL = Duration.ofSeconds(10);
    private static final int HTTP_TIMEOUT_MILLIS = 5_000;
    private static final int HTTP_SIZE_LIMIT = 512 * 1024;
    private static final int DETAIL_MAX = 200;

    private final OidcSettings settings;
    private final Supplier<Directory> directory;
    private final Clock clock;
    private final ResourceRetriever retriever;
    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
    private volatile JWSVerificationKeySelector<SecurityContext> keys;
    private volatile URI jwksUri;
    private Instant lastDiscoveryFailure = Instant.MIN;
    private String lastDiscoveryProblem = "";

    /**
     * @param retriever how documents are fetched from the issuer (the discovery document and the key set)
     * @param directory read on every call, so that a changed {@code mesh.yaml} takes effect at once
     */
    public OidcAuthenticator(OidcSettings settings, Supplier<Directory> directory, Clock clock,
            ResourceRetriever retriever) {
        this.settings = requireNonNull(settings, "settings is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retriever = requireNonNull(retriever, "retriever is null");
        this.algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
    }

    /** Fetches from the issuer over HTTP(S), with timeouts and a size limit. */
    public static OidcAuthenticator overHttp(OidcSettings settings, Supplier<Directory> directory, Clock clock) {
        return new OidcAuthenticator(settings, directory, clock,
                new DefaultResourceRetriever(HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, HTTP_SIZE_LIMIT));
    }

    public OidcSettings settings() {
        return settings;
    }

    /** Whether a credential has the shape of a JWS or JWE compact serialisation (parts separated by dots). */
    public static boolean looksLikeJwt(String credential) {
        return credential != null && credential.strip().startsWith("eyJ") && credential.indexOf('.') > 0;
    }

    @Override
    public Optional<Principal> authenticate(String bearerCredential) {
        return check(bearerCredential) instanceof CredentialCheck.Accepted accepted
                ? Optional.of(accepted.principal()) : Optional.empty();
    }

    @Override
    public CredentialCheck check(String bearerCredential) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("credential", "jwt");
        JWT jwt;
        try {
            jwt = JWTParser.parse(requireNonNull(bearerCredential, "bearerCredential is null").strip());
        } catch (ParseException e) {
            return refused("the bearer token is not a valid JWT (" + e.getMessage() + ")", details);
        }
        if (jwt instanceof PlainJWT) {
            return refused("the JWT is unsigned (alg: none); only tokens signed by the issuer are accepted", details);
        }
        if (jwt instanceof EncryptedJWT) {
            return refused("the JWT is encrypted (JWE); only signed tokens (JWS) are accepted", details);
        }
        SignedJWT signed = (SignedJWT) jwt;
        JWSHeader header = signed.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        details.put("alg", algorithm.getName());
        Optional.ofNullable(header.getKeyID()).ifPresent(kid -> details.put("kid", shorten(kid)));
        unverifiedIssuer(signed).ifPresent(issuer -> details.put("claimed_issuer", shorten(issuer)));
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            return refused("the JWT is HMAC-signed (" + algorithm + "); only asymmetric signatures by the issuer's keys"
                    + " (" + accepted() + ") are accepted", details);
        }
        if (!algorithms.contains(algorithm)) {
            return refused("the JWT is signed with " + algorithm + ", which is not accepted (" + accepted() + ")",
                    details);
        }
        List<Key> candidates;
        try {
            candidates = keySelector().selectJWSKeys(header, null);
        } catch (RateLimitReachedException e) {
            candidates = List.of(); // the key set was fetched just now and lacked this key id
        } catch (KeySourceException e) {
            throw unavailable("the signing keys of issuer " + settings.issuer() + " could not be fetched from " + jwksUri
                    + " (" + e.getMessage() + ")", e);
        }
        if (candidates.isEmpty()) {
            return refused(header.getKeyID() == null
                    ? "the issuer's key set has no " + algorithm + " key to check a JWT without a key id (kid)"
                    : "the issuer's key set has no " + algorithm + " key with key id '" + shorten(header.getKeyID())
                            + "' (unknown key id)", details);
        }
        if (!verifies(signed, candidates)) {
            return refused("the JWT's signature does not verify with the issuer's key: the token was altered or not"
                    + " signed by the issuer", details);
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return refused("the JWT's claims are not a JSON object (" + e.getMessage() + ")", details);
        }
        Optional<String> claimProblem = claimProblem(claims);
        if (claimProblem.isPresent()) {
            return refused(claimProblem.get(), details);
        }
        return principal(claims, details);
    }

    private Optional<String> claimProblem(JWTClaimsSet claims) {
        String expectedIssuer = settings.issuer().toString();
        if (!expectedIssuer.equals(claims.getIssuer())) {
            return Optional.of(claims.getIssuer() == null ? "the JWT has no issuer (iss)"
                    : "the JWT was issued by '" + shorten(claims.getIssuer()) + "', not by the configured issuer '"
                            + expectedIssuer + "' (wrong issuer)");
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(settings.audience())) {
            return Optional.of(audience.isEmpty() ? "the JWT has no audience (aud); it must include '"
                    + settings.audience() + "'" : "the JWT is meant for audience " + shorten(audience.toString())
                    + ", not '" + settings.audience() + "' (wrong audience)");
        }
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return Optional.of("the JWT has no expiry (exp); tokens without one are not accepted");
        }
        if (!now.isBefore(expires.toInstant().plus(skew))) {
            return Optional.of("the JWT expired at " + expires.toInstant() + " (expired)");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(skew).isBefore(notBefore.toInstant())) {
            return Optional.of("the JWT is not valid before " + notBefore.toInstant() + " (nbf)");
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && now.plus(skew).isBefore(issuedAt.toInstant())) {
            return Optional.of("the JWT was issued in the future, at " + issuedAt.toInstant() + " (iat)");
        }
        return Optional.empty();
    }

    private CredentialCheck principal(JWTClaimsSet claims, Map<String, String> details) {
        Object userValue = claims.getClaim(settings.userClaim());
        if (!(userValue instanceof String text) || text.isBlank()) {
            return refused("the JWT has no text claim '" + settings.userClaim() + "' to name the user"
                    + " (identity.oidc.user_claim)", details);
        }
        if (settings.userClaim().equals("email") && Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
            return refused("the JWT's email '" + shorten(text) + "' is not verified (email_verified: false)", details);
        }
        UserName user;
        try {
            user = UserName.of(text.strip().toLowerCase(Locale.ROOT));
        } catch (InvalidArgumentException e) {
            return refused("the JWT's claim '" + settings.userClaim() + "' does not name a valid user: "
                    + e.getMessage(), details);
        }
        details.put("user", user.value());
        List<String> groups;
        try {
            groups = groups(claims.getClaim(settings.groupsClaim()));
        } catch (IllegalArgumentException e) {
            return refused("the JWT's claim '" + settings.groupsClaim() + "' " + e.getMessage(), details);
        }
        Set<TeamName> mapped = new TreeSet<>();
        for (String group : groups) {
            TeamName team = settings.groupTeams().get(group);
            if (team != null) {
                mapped.add(team);
            }
        }
        Directory current = directory.get();
        if (!current.knows(user) && mapped.isEmpty()) {
            return refused("user '" + user + "' is not named in mesh.yaml and none of its groups " + shorten(
                    groups.toString()) + " is mapped to a team by identity.oidc.group_teams", details);
        }
        Principal declared = current.principal(user);
        Set<TeamName> teams = new TreeSet<>(declared.teams());
        teams.addAll(mapped);
        return new CredentialCheck.Accepted(new Principal(user, declared.kind(), teams, declared.roles())
                .authenticatedBy(AuthenticationMethod.OIDC));
    }

    private static List<String> groups(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw new IllegalArgumentException("must be a list of texts, got an item " + item);
                }
                result.add(text);
            }
            return result;
        }
        throw new IllegalArgumentException("must be a list of texts, got " + value.getClass().getSimpleName());
    }

    private boolean verifies(SignedJWT signed, List<Key> candidates) {
        for (Key key : candidates) {
            try {
                if (signed.verify(verifiers.createJWSVerifier(signed.getHeader(), key))) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key that cannot check this algorithm does not verify it; the next one may
            }
        }
        return false;
    }

    private JWSVerificationKeySelector<SecurityContext> keySelector() {
        JWSVerificationKeySelector<SecurityContext> current = keys;
        return current != null ? current : discover();
    }

    /** Reads the discovery document once; a failure is remembered, so a dead issuer is asked at most every 10 s. */
    private synchronized JWSVerificationKeySelector<SecurityContext> discover() {
        if (keys != null) {
            return keys;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastDiscoveryFailure.plus(DISCOVERY_RETRY_INTERVAL))) {
            throw unavailable(lastDiscoveryProblem, null);
        }
        URI document = settings.discoveryDocument();
        try {
            Map<String, Object> discovery = JSONObjectUtils.parse(retriever.retrieveResource(document.toURL())
                    .getContent());
            String issuer = JSONObjectUtils.getString(discovery, "issuer");
            if (!settings.issuer().toString().equals(issuer)) {
                throw new IOException("the discovery document names issuer '" + issuer + "', not the configured '"
                        + settings.issuer() + "' (they must be equal, character for character)");
            }
            URI uri = JSONObjectUtils.getURI(discovery, "jwks_uri");
            if (uri == null || !("https".equals(uri.getScheme())
                    || ("http".equals(uri.getScheme()) && OidcSettings.isLoopback(uri.getHost())))) {
                throw new IOException("the discovery document has no https jwks_uri (got " + uri + ")");
            }
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(uri.toURL(), retriever)
                    .cache(KEYS_TIME_TO_LIVE.toMillis(), HTTP_TIMEOUT_MILLIS)
                    .refreshAheadCache(false)
                    .rateLimited(KEYS_MIN_REFRESH_INTERVAL.toMillis())
                    .retrying(false)
                    .build();
            jwksUri = uri;
            keys = new JWSVerificationKeySelector<>(algorithms, source);
            return keys;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            lastDiscoveryFailure = now;
            lastDiscoveryProblem = "the discovery document of issuer " + settings.issuer() + " could not be read from "
                    + document + " (" + e.getMessage() + ")";
            throw unavailable(lastDiscoveryProblem, e);
        }
    }

    private static MeshException unavailable(String message, Exception cause) {
        return new MeshException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, message
                + "; the token was not checked, try again when the identity provider answers", cause);
    }

    private String accepted() {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
    }

    /** The issuer the token claims, read before anything is verified: for the audit log of a refusal only. */
    private static Optional<String> unverifiedIssuer(SignedJWT signed) {
        try {
            return Optional.ofNullable(signed.getJWTClaimsSet().getIssuer());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static CredentialCheck refused(String reason, Map<String, String> details) {
        return new CredentialCheck.Refused(reason, details);
    }

    private static String shorten(String text) {
        return text.length() <= DETAIL_MAX ? text : text.substring(0, DETAIL_MAX) + "…";
    }
}
