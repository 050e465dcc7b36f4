package org.meshwork.platform.encryption;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meshwork.api.ProductId;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.api.crypto.ProductKeyStore;
import org.meshwork.platform.workspace.EncryptionSettings;
import org.meshwork.platform.workspace.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelope encryption's key half: each encrypted product has its own data key (a Tink keyset for streaming AEAD,
 * AES256_GCM_HKDF_1MB, generated from a secure random source), stored only wrapped by the workspace's master key
 * (AES-256-GCM, with the product id and key version as associated data, so a wrapped key cannot be moved to another
 * product). Rotating the master key re-wraps the data keys; the data keys themselves, and so every file, stay as they
 * are.
 *
 * <p>The master key is loaded on first need, from {@code mesh.yaml}'s {@code encryption} section. A missing key file
 * is created only while no data key exists (then there is nothing it could fail to unwrap); otherwise its absence is
 * an error. Unwrapped keys are cached per product for the life of the process.
 */
public final class DataKeys {
    private static final Logger LOG = LoggerFactory.getLogger(DataKeys.class);

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How a value sealed by {@link #sealText} starts. */
    public static final String SEALED_PREFIX = "enc:v1:";

    private final Optional<ProductKeyStore> store;
    private final EncryptionSettings settings;
    private final Map<String, String> environment;
    private final Clock clock;
    private final Map<ProductId, StreamingAead> unwrapped = new ConcurrentHashMap<>();
    private MasterKey master;

    /**
     * @param store where wrapped keys live; empty for a metadata store that keeps none (encrypted products then fail
     *     with a message saying so)
     */
    public DataKeys(Optional<ProductKeyStore> store, EncryptionSettings settings, Map<String, String> environment,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.environment = Map.copyOf(environment);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The master key this workspace is configured with. */
    public synchronized MasterKey master() {
        if (master == null) {
            master = loadMaster();
        }
        return master;
    }

    private MasterKey loadMaster() {
        if (settings.masterKeyEnv().isPresent()) {
            String variable = settings.masterKeyEnv().get();
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                throw new InvalidConfigurationException("no master key: " + settings.describeSource() + " is not set;"
                        + " set it to a base64 256-bit key (e.g. from 'mesh keys generate' or 'openssl rand -base64 32')");
            }
            return MasterKey.fromBase64(value, "the environment variable " + variable);
        }
        Path file = settings.masterKeyFile().orElseThrow();
        if (Files.exists(file)) {
            return MasterKey.readFile(file);
        }
        List<ProductKey> existing = keys();
        if (!existing.isEmpty()) {
            throw new InvalidConfigurationException("no master key: " + settings.describeSource() + " does not exist,"
                    + " but " + existing.size() + " data keys are wrapped by master key "
                    + existing.get(0).masterKeyId() + ": restore that key file (it is never re-created while data keys"
                    + " exist)");
        }
        MasterKey created = MasterKey.createFile(file);
        LOG.info("created the master key {} in {} (owner-only); in production use encryption.master_key_env",
                created.id(), file);
        return created;
    }

    /** The product's current data key (wrapped), if it has one. */
    public Optional<ProductKey> key(ProductId product) {
        return store.flatMap(keys -> keys.current(product));
    }

    /** Every stored data key, wrapped, by product. */
    public List<ProductKey> keys() {
        return store.map(ProductKeyStore::all).orElse(List.of());
    }

    /**
     * The product's data key for writing: its current one, or a new one generated and stored now.
     *
     * @throws InvalidConfigurationException when no master key is available or it does not unwrap the stored key
     */
    public StreamingAead forWriting(ProductId product) {
        StreamingAead cached = unwrapped.get(product);
        if (cached != null) {
            return cached;
        }
        ProductKeyStore keys = keyStore(product);
        Optional<ProductKey> current = keys.current(product);
        if (current.isEmpty()) {
            MasterKey key = master();
            try {
                KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
                Instant now = clock.instant();
                ProductKey created = new ProductKey(product, 1, wrap(handle, key, product, 1), key.id(), now, now);
                if (keys.insert(created)) {
                    LOG.info("generated data key version 1 of {} (wrapped by master key {})", product, key.id());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a data key for " + product + ": " + e.getMessage(), e);
            }
            current = keys.current(product); // whoever inserted first won; everybody uses the stored key
        }
        return unwrap(current.orElseThrow());
    }

    /**
     * The product's data key for reading its encrypted files.
     *
     * @throws InvalidConfigurationException when the product has no data key, no master key is available, or the
     *     master key does not unwrap it
     */
    public StreamingAead forReading(ProductId product) {
        StreamingAead cached = unwrapped.get(product);
        if (cached != null) {
            return cached;
        }
        ProductKey key = keyStore(product).current(product).orElseThrow(() -> new InvalidConfigurationException(
                product + " has encrypted files but no data key in the metadata store: they cannot be decrypted"));
        return unwrap(key);
    }

    /**
     * A short text of a product's data (e.g. an append watermark kept in the table's log) encrypted with its data
     * key: {@value #SEALED_PREFIX} and base64 ciphertext, bound to the product.
     */
    public String sealText(ProductId product, String text) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream encrypting = forWriting(product).newEncryptingStream(out, textData(product))) {
                encrypting.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return SEALED_PREFIX + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a value of " + product + ": " + e.getMessage(), e);
        }
    }

    /** The text {@link #sealText} encrypted; a text that is not sealed (written before encryption) as it is. */
    public String openText(ProductId product, String sealed) {
        if (!sealed.startsWith(SEALED_PREFIX)) {
            return sealed;
        }
        try (java.io.InputStream in = forReading(product).newDecryptingStream(new java.io.ByteArrayInputStream(
                Base64.getDecoder().decode(sealed.substring(SEALED_PREFIX.length()))), textData(product))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new org.meshwork.api.MeshException(org.meshwork.api.ErrorCode.RUN_FAILED, "cannot decrypt a value"
                    + " of " + product + " kept in its table's log: " + e.getMessage());
        }
    }

    private static byte[] textData(ProductId product) {
        return ("meshwork table value|" + product).getBytes(StandardCharsets.UTF_8);
    }

    private ProductKeyStore keyStore(ProductId product) {
        return store.orElseThrow(() -> new InvalidConfigurationException(product + " is encrypted at rest, but this"
                + " metadata store keeps no data keys; use the SQLite or PostgreSQL metadata store"));
    }

    private StreamingAead unwrap(ProductKey key) {
        MasterKey configured = master();
        if (!configured.id().equals(key.masterKeyId())) {
            throw new InvalidConfigurationException("the data key of " + key.product() + " is wrapped by master key "
                    + key.masterKeyId() + ", but the configured master key (" + settings.describeSource() + ") is "
                    + configured.id() + ": configure the master key it was wrapped with (after 'mesh keys rotate',"
                    + " the new one)");
        }
        StreamingAead primitive = unwrap(key, configured);
        unwrapped.put(key.product(), primitive);
        return primitive;
    }

    private static StreamingAead unwrap(ProductKey key, MasterKey master) {
        try {
            KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(key.wrappedKeyset()), master.aead(),
                    associatedData(key.product(), key.keyVersion()));
            return handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("master key " + master.id() + " does not unwrap the data key"
                    + " version " + key.keyVersion() + " of " + key.product() + " (a different key of the same id, or"
                    + " the stored key was changed): " + e.getMessage());
        }
    }

    private static String wrap(KeysetHandle handle, MasterKey master, ProductId product, int version)
            throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(handle,
                master.aead(), associatedData(product, version)));
    }

    private static byte[] associatedData(ProductId product, int version) {
        return ("meshwork data key|" + product + "|" + version).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Re-wraps every data key from {@code from} to {@code to} in one transaction. Data files are not touched: the
     * data keys are the same, only their wrapping changes. Afterwards only {@code to} unwraps them.
     *
     * @return the re-wrapped keys
     * @throws InvalidConfigurationException when a key is not wrapped by {@code from}, or {@code from} does not unwrap
     *     it; nothing was changed
     */
    public List<ProductKey> rotate(MasterKey from, MasterKey to) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.id().equals(to.id())) {
            throw new InvalidConfigurationException("the new master key is the old one (" + from.id() + "): give a"
                    + " new key, e.g. from 'mesh keys generate --file PATH'");
        }
        List<ProductKey> rewrapped = new ArrayList<>();
        Instant now = clock.instant();
        for (ProductKey key : keys()) {
            if (!key.masterKeyId().equals(from.id())) {
                throw new InvalidConfigurationException("the data key of " + key.product() + " is wrapped by master"
                        + " key " + key.masterKeyId() + ", not by the old key given (" + from.id() + ", from "
                        + from.origin() + "); nothing was re-wrapped");
            }
            try {
                KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(
                        Base64.getDecoder().decode(key.wrappedKeyset()), from.aead(),
                        associatedData(key.product(), key.keyVersion()));
                rewrapped.add(key.rewrapped(wrap(handle, to, key.product(), key.keyVersion()), to.id(), now));
            } catch (GeneralSecurityException e) {
                throw new InvalidConfigurationException("the old master key " + from.id() + " does not unwrap the"
                        + " data key of " + key.product() + ": " + e.getMessage() + "; nothing was re-wrapped");
            }
        }
        if (!rewrapped.isEmpty()) {
            store.orElseThrow().rewrap(rewrapped);
        }
        unwrapped.clear();
        synchronized (this) {
            master = null; // read again: the configuration decides which key this process uses from now on
        }
        return rewrapped;
    }
}
