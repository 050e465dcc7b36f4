package org.meshwork.platform.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/**
 * The workspace's secret for hashed masks, in {@code keys/mask-salt} under the workspace (never in the lake, so a
 * copy of the data does not carry it). Created on first use with 256 random bits, owner-readable only; every reader
 * and process of the workspace uses the same salt, so a hashed value is the same in every read and joins on hashed
 * columns work, while nobody without the file can reverse a hash by hashing guesses.
 */
public final class MaskSalt {
    public static final String FILE = "keys/mask-salt";
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    private MaskSalt() {}

    /** Reads the salt of the workspace at {@code home}, creating it when there is none yet. */
    public static String load(Path home) {
        Path file = home.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String salt = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!FORM.matcher(salt).matches()) {
                throw new MeshException(ErrorCode.INVALID_CONFIGURATION, file + " does not hold a mask salt (64 hex"
                        + " digits); restore it from a backup — deleting it changes every hashed value");
            }
            return salt;
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot read or create the mask salt " + file + ": " + e, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path temporary = Files.createTempFile(file.getParent(), "mask-salt", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
            try {
                // no REPLACE_EXISTING: when two processes race, the first salt wins and both use it
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it first
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
