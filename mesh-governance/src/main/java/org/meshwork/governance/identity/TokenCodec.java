package org.meshwork.governance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape and hashing of bearer tokens: {@code mwt_<id>_<secret>}, where the id (12 hex digits) is public and lets
 * the store find the token without a scan, and the secret is 32 random bytes from {@link SecureRandom} (256 bits,
 * base64url). The store keeps {@code SHA-256(salt || secret)} with a 16-byte random salt per token.
 *
 * <p>Why not PBKDF2 or bcrypt: key stretching protects low-entropy secrets that people choose. A 256-bit random
 * secret cannot be guessed, stretched or not, so a slow hash would only make every authenticated request slower. The
 * salt still makes each stored hash unique, so a leaked table gives no way to spot equal tokens or precompute.
 * The {@code mwt_} prefix lets secret scanners recognise a leaked token.
 */
public final class TokenCodec {
    public static final String PREFIX = "mwt_";
    private static final Pattern TOKEN = Pattern.compile("mwt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenCodec() {}

    /** The id and secret of a token text, or empty when it does not have the token shape. */
    static Optional<String[]> split(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN.matcher(text.strip());
        return matcher.matches() ? Optional.of(new String[] {matcher.group(1), matcher.group(2)}) : Optional.empty();
    }

    static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newSalt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String text(String id, String secret) {
        return PREFIX + id + "_" + secret;
    }

    static byte[] hash(String saltHex, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(HexFormat.of().parseHex(saltHex));
            digest.update(secret.getBytes(StandardCharsets.US_ASCII));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Compares in time independent of where the two differ. */
    static boolean matches(String saltHex, String secret, String storedHashHex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHashHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hash(saltHex, secret), stored);
    }
}
