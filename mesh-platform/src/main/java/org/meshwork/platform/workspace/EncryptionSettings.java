package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code mesh.yaml}'s {@code encryption} section: where the master key comes from and where plaintext is staged.
 *
 * <p>The master key wraps every encrypted product's data key. It never lives in the lake or the metadata store: it
 * comes from an environment variable ({@code master_key_env}, the production choice) or a key file
 * ({@code master_key_file}, outside every storage root). Without the section the workspace's own key file
 * {@value #DEFAULT_KEY_FILE} is used, so a new workspace works out of the box.
 *
 * @param masterKeyEnv the environment variable holding the base64 256-bit master key
 * @param masterKeyFile the file holding it (absolute); exactly one of the two is present
 * @param stagingDirectory where plaintext Parquet is staged while a run writes it or a read uses it; empty for the
 *     default (memory-backed {@code /dev/shm} when it exists and is writable, else the system temporary directory)
 * @param declared whether the section is written in {@code mesh.yaml} (messages name the setting the user wrote)
 */
public record EncryptionSettings(Optional<String> masterKeyEnv, Optional<Path> masterKeyFile,
        Optional<Path> stagingDirectory, boolean declared) {

    public static final String SECTION = "encryption";
    /** The workspace's own master key file, relative to the workspace directory. */
    public static final String DEFAULT_KEY_FILE = "keys/master.key";

    public EncryptionSettings {
        requireNonNull(masterKeyEnv, "masterKeyEnv is null");
        requireNonNull(masterKeyFile, "masterKeyFile is null");
        requireNonNull(stagingDirectory, "stagingDirectory is null");
        if (masterKeyEnv.isPresent() == masterKeyFile.isPresent()) {
            throw new IllegalArgumentException("exactly one of master_key_env and master_key_file must be set");
        }
    }

    /** Without an {@code encryption} section: the workspace's own key file. */
    public static EncryptionSettings defaults(Path home) {
        return new EncryptionSettings(Optional.empty(), Optional.of(home.resolve(DEFAULT_KEY_FILE).toAbsolutePath()
                .normalize()), Optional.empty(), false);
    }

    /** The setting the master key comes from, for messages, e.g. {@code encryption.master_key_env (MESH_MASTER_KEY)}. */
    public String describeSource() {
        if (masterKeyEnv.isPresent()) {
            return SECTION + ".master_key_env (the environment variable " + masterKeyEnv.get() + ")";
        }
        return (declared ? SECTION + ".master_key_file (" : "the workspace's default master key file (")
                + masterKeyFile.get() + ")";
    }
}
