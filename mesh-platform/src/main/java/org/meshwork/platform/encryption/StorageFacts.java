package org.meshwork.platform.encryption;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.product.ProductDefinition;

/**
 * The policy variable {@code storage}: what is actually on disk for a product, so that the {@code encryption-at-rest}
 * policy checks the files and not only the descriptor's promise. {@code published}: the table has a snapshot;
 * {@code encrypted}: it has, the product has a data key, and every file of the current snapshot (and of the current
 * quarantine snapshot) is encrypted; {@code data_key}: the product has a data key, and {@code master_key_id} which
 * master key wraps it (a fingerprint); {@code files} and {@code plain_files}: how many files the current snapshot has,
 * and how many of them are not encrypted.
 */
public final class StorageFacts {
    private final ProductTables tables;
    private final DataKeys keys;

    public StorageFacts(ProductTables tables, DataKeys keys) {
        this.tables = requireNonNull(tables, "tables is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    /**
     * The facts of the product's table as it is now. A table that cannot be opened (e.g. its location no longer
     * resolves) gives only {@code error}, so rules that test {@code has(storage.published)} judge the declaration.
     */
    public Map<String, Object> current(ProductDefinition definition) {
        try {
            return facts(definition);
        } catch (RuntimeException e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    private Map<String, Object> facts(ProductDefinition definition) {
        Map<String, Object> facts = new LinkedHashMap<>();
        Optional<Snapshot> current = tables.open(definition).current();
        Optional<Snapshot> quarantine = tables.openQuarantine(definition).current();
        Optional<ProductKey> key = keys.key(definition.id());
        List<DataFile> files = current.map(Snapshot::files).orElse(List.of());
        long plain = files.stream().filter(file -> !DataFileCipher.isEncrypted(file.path())).count()
                + quarantine.map(Snapshot::files).orElse(List.of()).stream()
                        .filter(file -> !DataFileCipher.isEncrypted(file.path())).count();
        facts.put("published", current.isPresent());
        facts.put("encrypted", current.isPresent() && key.isPresent() && plain == 0);
        facts.put("data_key", key.isPresent());
        key.ifPresent(k -> facts.put("master_key_id", k.masterKeyId()));
        facts.put("files", (long) files.size());
        facts.put("plain_files", plain);
        return facts;
    }

    /**
     * The facts at the run gate, of the snapshot the run is about to publish: an encrypted product's run writes only
     * encrypted files (and re-encrypts any plain ones it carries), a plain product's only plain ones.
     */
    public static Map<String, Object> publishing(ProductDefinition definition) {
        boolean encrypts = DataFileCipher.encrypts(definition);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("published", true);
        facts.put("encrypted", encrypts);
        facts.put("data_key", encrypts);
        return facts;
    }
}
