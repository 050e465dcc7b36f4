package org.meshwork.platform.encryption;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.meshwork.platform.workspace.InvalidConfigurationException;

/**
 * The workspace's master key: 256 random bits that wrap (AES-256-GCM, Tink's {@code AesGcmJce}) every product's data
 * key. It is held in memory only; what is stored beside a wrapped key is its {@link #id()}, a fingerprint (a SHA-256
 * of a fixed label and the key, cut to 16 hex digits) that names the key without revealing it, so a wrong or rotated
 * key is reported as such instead of as corrupt data.
 */
public final class MasterKey {
    /** The length of a master key: 32 bytes, AES-256. */
    public static final int KEY_BYTES = 32;
    private static final byte[] ID_LABEL = "meshwork master key id v1".getBytes(StandardCharsets.US_ASCII);

    private final Aead aead;
    private final String id;
    private final String origin;

    private MasterKey(byte[] key, String origin) throws GeneralSecurityException {
        this.aead = new AesGcmJce(key);
        this.id = fingerprint(key);
        this.origin = origin;
    }

    /**
     * A key from its base64 text (standard alphabet, padding optional; surrounding white space ignored).
     *
     * @param origin where the text came from, for messages (e.g. {@code the environment variable MESH_MASTER_KEY})
     * @throws InvalidConfigurationException when the text is not base64 of exactly 32 bytes
     */
    public static MasterKey fromBase64(String text, String origin) {
        requireNonNull(text, "text is null");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(origin + " does not hold a base64 master key (" + e.getMessage()
                    + "); create one with 'mesh keys generate --file PATH' or 'openssl rand -base64 32'");
        }
        try {
            if (key.length != KEY_BYTES) {
                throw new InvalidConfigurationException(origin + " holds a key of " + key.length + " bytes; a master"
                        + " key is " + KEY_BYTES + " random bytes (256 bits) in base64, e.g. from 'openssl rand -base64 32'");
            }
            return new MasterKey(key, origin);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A new random master key as base64 text, from the JVM's strong random number generator. */
    public static String generateBase64() {
        byte[] key = new byte[KEY_BYTES];
        try {
            SecureRandom.getInstanceStrong().nextBytes(key);
        } catch (NoSuchAlgorithmException e) {
            new SecureRandom().nextBytes(key);
        }
        try {
            return Base64.getEncoder().encodeToString(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Writes a new random key to {@code file}, readable and writable by its owner only (0600 where the file system
     * has POSIX permissions); its parent directories are created (0700). Never overwrites: an existing file is an error.
     *
     * @return the new key
     */
    public static MasterKey createFile(Path file) {
        String text = generateBase64();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                restrict(parent, "rwx------");
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, text + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidConfigurationException("the master key file " + file + " exists already; it is never"
                    + " overwritten (that would make every data key it wraps unreadable)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the master key file " + file + ": " + e.getMessage(), e);
        }
        return fromBase64(text, "the master key file " + file);
    }

    /** Reads a key file. */
    public static MasterKey readFile(Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "the master key file " + file);
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read the master key file " + file + ": " + e.getMessage());
        }
    }

    /** Sets POSIX permissions, e.g. {@code rwx------}; on a file system without them its own access control applies. */
    static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access control applies
        }
    }

    private static String fingerprint(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ID_LABEL);
            digest.update(key);
            return "mk-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The key's fingerprint, e.g. {@code mk-3f9a0c1d2e4b5a69}: safe to store, print and log. */
    public String id() {
        return id;
    }

    /** Where the key came from, for messages. */
    public String origin() {
        return origin;
    }

    Aead aead() {
        return aead;
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]"; // never the key
    }
}
