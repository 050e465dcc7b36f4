package org.meshwork.platform.encryption;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.StreamingAead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.platform.product.ProductDefinition;

/**
 * A private staging directory for one run or read session: it decrypts the table files the session reads
 * ({@link #plaintext}) and takes the Parquet files the session writes ({@link #writeTarget}, {@link #seal}), which it
 * encrypts into the table. Everything staged is deleted when the area is closed, so plaintext lives exactly as long
 * as the session that needs it. Plain (unencrypted) products pass straight through: their files are read and written
 * in the table itself.
 */
public final class PlaintextArea implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final DataFileCipher cipher;
    private final String name;
    private final AtomicLong files = new AtomicLong();
    private Path directory;
    private boolean created;

    PlaintextArea(DataFileCipher cipher, String name) {
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.name = requireNonNull(name, "name is null");
    }

    /** The area's directory: give it to an engine session as a root it may read and write. */
    public synchronized Path directory() {
        if (directory == null) {
            directory = cipher.processDirectory().resolve(name);
        }
        return directory;
    }

    /** Whether anything was staged here (an encrypted file decrypted or written). */
    public synchronized boolean staged() {
        return created;
    }

    /** The directory, created (0700) on first use. */
    private synchronized Path staging() {
        Path path = directory();
        if (!created) {
            try {
                Files.createDirectories(path);
                DataFileCipher.ownerOnly(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the staging directory " + path + ": " + e.getMessage(), e);
            }
            created = true;
        }
        return path;
    }

    /**
     * The files of a snapshot as an engine can read them: plain files where they lie in the table, encrypted ones
     * decrypted (and authenticated) into this area.
     *
     * @throws MeshException with {@code RUN_FAILED} when a file does not decrypt (changed, moved or truncated)
     * @throws org.meshwork.platform.workspace.InvalidConfigurationException when the product's data key cannot be
     *     unwrapped (no master key, or the wrong one)
     */
    public List<Path> plaintext(ProductId product, Path tableLocation, List<DataFile> tableFiles) {
        List<Path> paths = new ArrayList<>(tableFiles.size());
        StreamingAead aead = null;
        for (DataFile file : tableFiles) {
            Path stored = tableLocation.resolve(file.path()).toAbsolutePath().normalize();
            if (!DataFileCipher.isEncrypted(file.path())) {
                paths.add(stored);
                continue;
            }
            if (aead == null) {
                aead = cipher.keys().forReading(product);
            }
            Path target = staging().resolve("read-" + files.incrementAndGet() + ".parquet");
            try (InputStream in = aead.newDecryptingStream(Files.newInputStream(stored), associatedData(product, file.path()));
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            } catch (IOException | GeneralSecurityException e) {
                deleteQuietly(target);
                throw new MeshException(ErrorCode.RUN_FAILED, "cannot decrypt " + stored + " of " + product + ": "
                        + e.getMessage() + " (the file was changed, moved or truncated, or another key encrypted it)");
            }
            paths.add(target);
        }
        return List.copyOf(paths);
    }

    /**
     * Where an engine writes the files of one commit into {@code directory} (a new data directory of {@code table}):
     * the table itself for a plain product; a mirror of it in this area for an encrypted one, whose files
     * {@link #seal} then encrypts into the table.
     */
    public WriteTarget writeTarget(ProductDefinition definition, ProductTable table, Path directory) {
        Path tableRoot = table.location().toAbsolutePath().normalize();
        Path target = directory.toAbsolutePath().normalize();
        if (!DataFileCipher.encrypts(definition)) {
            return new WriteTarget(definition.id(), tableRoot, tableRoot, target, false);
        }
        cipher.keys().forWriting(definition.id()); // fail before any work when no master key is available
        Path stagedRoot = staging().resolve("write-" + files.incrementAndGet());
        Path stagedDirectory = stagedRoot.resolve(tableRoot.relativize(target).toString());
        try {
            Files.createDirectories(stagedDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stagedDirectory + ": " + e.getMessage(), e);
        }
        return new WriteTarget(definition.id(), tableRoot, stagedRoot, stagedDirectory, true);
    }

    /**
     * The files an engine wrote into {@code target}, ready to commit: as they are for a plain product; encrypted into
     * the table (named {@code <file>}{@value DataFileCipher#SUFFIX}, size and time of the ciphertext) with their
     * plaintext deleted for an encrypted one. When encryption fails, whatever it wrote into the table is deleted.
     */
    public List<DataFile> seal(WriteTarget target, List<DataFile> written) {
        if (!target.encrypted()) {
            return written;
        }
        StreamingAead aead = cipher.keys().forWriting(target.product());
        List<DataFile> sealed = new ArrayList<>(written.size());
        List<Path> created = new ArrayList<>();
        try {
            for (DataFile file : written) {
                Path plain = target.root().resolve(file.path());
                String path = file.path() + DataFileCipher.SUFFIX;
                Path encrypted = target.tableRoot().resolve(path);
                created.add(encrypted);
                try (InputStream in = Files.newInputStream(plain);
                        OutputStream out = aead.newEncryptingStream(Files.newOutputStream(encrypted,
                                StandardOpenOption.CREATE_NEW), associatedData(target.product(), path))) {
                    byte[] buffer = new byte[BUFFER];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        out.write(buffer, 0, read);
                    }
                }
                Files.delete(plain);
                sealed.add(new DataFile(path, Files.size(encrypted), file.rowCount(),
                        Files.getLastModifiedTime(encrypted).toMillis()));
            }
        } catch (IOException | GeneralSecurityException e) {
            created.forEach(PlaintextArea::deleteQuietly);
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot encrypt the files of " + target.product() + " into "
                    + target.tableRoot() + ": " + e.getMessage() + "; nothing was published");
        }
        return List.copyOf(sealed);
    }

    private static byte[] associatedData(ProductId product, String path) {
        return ("meshwork data file|" + product + "|" + path).getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for vacuum: it is not referenced by any snapshot
        }
    }

    /** Deletes everything staged in the area. */
    @Override
    public synchronized void close() {
        if (directory != null) {
            DataFileCipher.deleteRecursively(directory);
        }
    }

    /**
     * Where an engine writes: {@code directory} inside {@code root}; {@code root} is the table for a plain product,
     * a staging mirror of it for an encrypted one.
     */
    public record WriteTarget(ProductId product, Path tableRoot, Path root, Path directory, boolean encrypted) {}
}
