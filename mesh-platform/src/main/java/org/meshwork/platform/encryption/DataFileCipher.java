package org.meshwork.platform.encryption;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.meshwork.api.descriptor.SecuritySpec;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.workspace.EncryptionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption at rest of product data files, the one place the platform goes through whenever it writes a table's
 * files or hands them to an engine. The engine never sees ciphertext and never writes plaintext into the lake: it
 * writes Parquet into a {@link PlaintextArea} (a private directory in memory-backed staging space), which encrypts each
 * file into the table and deletes the plaintext; for reading, a {@link PlaintextArea} decrypts the files a session
 * needs and deletes them when closed.
 *
 * <p>Encrypted files are named {@code <file>.parquet}{@value #SUFFIX} and are Tink streaming-AEAD ciphertext
 * (AES256_GCM_HKDF_1MB: authenticated, in 1 MiB segments) with the product id and the file's path in the table as
 * associated data, so a file cannot be swapped into another product or position unnoticed. Whether a file is encrypted
 * is decided by its name, per file: a table whose product turned encryption on keeps reading its older plain files.
 *
 * <p>Staging space is {@code encryption.staging_dir}, else {@code /dev/shm} when it exists and is writable (memory,
 * so plaintext never reaches a disk, unless the system swaps), else the system temporary directory (with a warning).
 * Each process works in its own {@code meshwork-<pid>-<random>} directory (0700), deleted at {@link #close()}; those of
 * dead processes are deleted when the next one starts staging.
 */
public final class DataFileCipher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataFileCipher.class);
    /** The name suffix of an encrypted data file. */
    public static final String SUFFIX = ".enc";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private static final Pattern PROCESS_DIRECTORY = Pattern.compile("meshwork-([0-9]+)-[0-9a-f]+");

    private final DataKeys keys;
    private final EncryptionSettings settings;
    private final AtomicLong areas = new AtomicLong();
    private Path processDirectory;
    private boolean closed;

    public DataFileCipher(DataKeys keys, EncryptionSettings settings) {
        this.keys = requireNonNull(keys, "keys is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Whether a product's data must be encrypted at rest: {@code spec.security.encryption_at_rest: true}, or a
     * {@code storage.encryption} other than {@code none} (the guide's {@code encryption: "AES-256"}).
     */
    public static boolean encrypts(ProductDefinition definition) {
        boolean declared = definition.infrastructure().security().flatMap(SecuritySpec::encryptionAtRest)
                .orElse(false);
        boolean storage = definition.infrastructure().storage().flatMap(StorageSpec::encryption)
                .map(value -> !value.isBlank() && !value.trim().toLowerCase(Locale.ROOT).equals("none"))
                .orElse(false);
        return declared || storage;
    }

    /** Whether a table file (by its path in the table) is encrypted. */
    public static boolean isEncrypted(String path) {
        return path.endsWith(SUFFIX);
    }

    /** The product data keys. */
    public DataKeys keys() {
        return keys;
    }

    /**
     * A new private directory for one run or read session (created when first needed, so plain products cost
     * nothing); close it to delete everything staged in it.
     *
     * @param name a label for the directory (letters, digits, {@code .-_}; other characters are replaced)
     */
    public PlaintextArea area(String name) {
        return new PlaintextArea(this, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + areas.incrementAndGet());
    }

    /** Where this process stages plaintext (created on first use). */
    public synchronized Path processDirectory() {
        if (closed) {
            throw new IllegalStateException("the data file cipher is closed");
        }
        if (processDirectory == null) {
            Path root = stagingRoot();
            deleteAbandoned(root);
            Path directory = root.resolve("meshwork-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8));
            try {
                Files.createDirectories(directory);
                ownerOnly(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the staging directory " + directory
                        + " (encryption.staging_dir): " + e.getMessage(), e);
            }
            processDirectory = directory;
        }
        return processDirectory;
    }

    private Path stagingRoot() {
        if (settings.stagingDirectory().isPresent()) {
            return settings.stagingDirectory().get();
        }
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return SHARED_MEMORY;
        }
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        LOG.warn("no memory-backed staging space (/dev/shm): plaintext of encrypted products is staged in {}, which may"
                + " be on disk; set encryption.staging_dir to a tmpfs mount", temp);
        return temp;
    }

    /** Staging directories of processes that died without cleaning up: their plaintext must not stay behind. */
    private static void deleteAbandoned(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            entries.forEach(entry -> {
                Matcher matcher = PROCESS_DIRECTORY.matcher(entry.getFileName().toString());
                if (matcher.matches() && !alive(Long.parseLong(matcher.group(1))) && Files.isWritable(entry)) {
                    LOG.info("deleting the staging directory {} of a process that ended", entry);
                    deleteRecursively(entry);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look for abandoned staging directories in {}: {}", root, e.getMessage());
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void ownerOnly(Path directory) throws IOException {
        MasterKey.restrict(directory, "rwx------");
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("cannot delete staged file {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete staging directory {}: {}", directory, e.getMessage());
        }
    }

    /** Optional for tests: the process's staging directory, if one was created. */
    public synchronized Optional<Path> createdProcessDirectory() {
        return Optional.ofNullable(processDirectory);
    }

    /** Deletes this process's staging directory and everything in it. */
    @Override
    public synchronized void close() {
        if (processDirectory != null) {
            deleteRecursively(processDirectory);
            processDirectory = null;
        }
        closed = true;
    }
}
