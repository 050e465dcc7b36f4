package org.meshwork.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.encryption.MasterKey;
import org.meshwork.platform.workspace.InvalidConfigurationException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh keys}: the envelope keys of encryption at rest. {@code status} lists every encrypted product's data key
 * (version, the fingerprint of the master key that wraps it; never a key), {@code rotate} re-wraps them all under a
 * new master key without touching a data file, {@code generate} writes a new master key file.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Encryption at rest: the products' data keys and the master key that wraps them.",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class, KeysCommand.Generate.class})
final class KeysCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "choose a subcommand: status, rotate or generate (see mesh keys --help)");
    }

    /** {@code mesh keys status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List every encrypted product's data key: its version, the fingerprint of the master key "
                    + "that wraps it, when it was created and last wrapped (platform admins and auditors).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = keys.mesh;
            try (Mesh opened = mesh.openMesh()) {
                List<ProductKey> status = opened.keyStatus(opened.actor(mesh.actingUser(), mesh.environment()));
                Output output = mesh.output();
                if (format.json) {
                    output.json(status.stream().map(KeysCommand::json).toList());
                    return 0;
                }
                if (status.isEmpty()) {
                    output.line("no product has a data key yet (encrypted products get one on their first run)");
                    return 0;
                }
                output.table(List.of("PRODUCT", "KEY VERSION", "MASTER KEY", "CREATED", "WRAPPED"),
                        status.stream().map(k -> List.of(k.product().toString(), Integer.toString(k.keyVersion()),
                                k.masterKeyId(), k.createdAt().toString(), k.wrappedAt().toString())).toList());
                return 0;
            }
        }
    }

    /** Where a master key comes from on the command line: an environment variable or a key file. */
    static final class KeySource {
        @Option(names = "--from-env", paramLabel = "VAR", description = "The old master key is in this variable.")
        String fromEnv;

        @Option(names = "--from-file", paramLabel = "FILE", description = "The old master key is in this file.")
        Path fromFile;
    }

    /** Where the new master key comes from. */
    static final class NewKeySource {
        @Option(names = "--to-env", paramLabel = "VAR", description = "The new master key is in this variable.")
        String toEnv;

        @Option(names = "--to-file", paramLabel = "FILE", description = "The new master key is in this file "
                + "(e.g. from 'mesh keys generate --file FILE').")
        Path toFile;
    }

    /** {@code mesh keys rotate}. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Re-wrap every product's data key from the old master key to a new one, in one transaction "
                    + "(platform admins only; audited). No data file is read or written. Then point mesh.yaml's "
                    + "encryption section at the new key: the old one no longer unwraps anything.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        KeySource from;

        @ArgGroup(exclusive = true, multiplicity = "1")
        NewKeySource to;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = keys.mesh;
            try (Mesh opened = mesh.openMesh()) {
                MasterKey old = from == null ? opened.encryption().keys().master()
                        : load(from.fromEnv, from.fromFile, mesh.environment(), "--from-env");
                MasterKey next = load(to.toEnv, to.toFile, mesh.environment(), "--to-env");
                List<ProductKey> rotated = opened.rotateMasterKey(old, next,
                        opened.actor(mesh.actingUser(), mesh.environment()));
                Output output = mesh.output();
                if (format.json) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("from", old.id());
                    json.put("to", next.id());
                    json.put("keys", rotated.stream().map(KeysCommand::json).toList());
                    output.json(json);
                    return 0;
                }
                output.line("re-wrapped " + rotated.size() + " data keys from master key " + old.id() + " to "
                        + next.id() + "; no data file was changed");
                output.line("now configure mesh.yaml's encryption section with the new key (" + next.origin() + ")");
                return 0;
            }
        }
    }

    /** {@code mesh keys generate}. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a new random master key (256 bits, base64) to a file readable by its owner only; "
                    + "never overwrites. Keep it outside every storage root.")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "Where to write the key.")
        Path file;

        @Override
        public Integer call() {
            MasterKey created = MasterKey.createFile(file);
            keys.mesh.output().line("wrote master key " + created.id() + " to " + file.toAbsolutePath());
            return 0;
        }
    }

    private static MasterKey load(String env, Path file, Map<String, String> environment, String option) {
        if (file != null) {
            return MasterKey.readFile(file);
        }
        String value = environment.get(env);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(option + ": the environment variable " + env + " is not set");
        }
        return MasterKey.fromBase64(value, "the environment variable " + env);
    }

    static Map<String, Object> json(ProductKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("product", key.product().toString());
        json.put("key_version", key.keyVersion());
        json.put("master_key_id", key.masterKeyId());
        json.put("created_at", key.createdAt().toString());
        json.put("wrapped_at", key.wrappedAt().toString());
        return json;
    }
}
