package org.meshwork.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh audit [verify]}: the tamper-evident audit log, for auditors and platform admins. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log (auditors and platform admins): every data read and control action, oldest"
                + " first.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--product", paramLabel = "ID", description = "Only entries about this product.")
    String product;

    @Option(names = "--user", paramLabel = "USER", description = "Only entries of this actor.")
    String user;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. read, grant, apply.")
    String action;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries at or after a time (2026-11-24T10:00:00Z) or that long ago (24h, 7d).")
    String since;

    @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0",
            description = "Start after this sequence number (paging; default: ${DEFAULT-VALUE}).")
    long after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        try (Mesh opened = mesh.openMesh()) {
            AuditQuery query = new AuditQuery(Optional.ofNullable(product).map(ProductId::parse),
                    Optional.ofNullable(user).map(UserName::of), Optional.ofNullable(action),
                    Optional.ofNullable(since).map(text -> since(text, opened.clock().instant())), after, limit);
            List<AuditEntry> entries = opened.access().audit(TokenCommand.actor(mesh, opened), query);
            Output output = mesh.output();
            if (format.json) {
                output.json(entries.stream().map(AccessJsonViews::entry).toList());
                return 0;
            }
            if (entries.isEmpty()) {
                output.line("No audit entries match.");
                return 0;
            }
            output.table(List.of("SEQ", "AT", "ACTOR", "ACTION", "PRODUCT", "OUTCOME", "DETAILS"),
                    entries.stream().map(entry -> List.of(Long.toString(entry.sequence()),
                            entry.event().at().toString(), entry.event().actor().value(), entry.event().action(),
                            entry.event().product().map(Object::toString).orElse("-"), entry.event().outcome(),
                            new TreeMap<>(entry.event().details()).entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")))).toList());
            if (entries.size() == limit) {
                output.line("(more may follow: --after " + entries.get(entries.size() - 1).sequence() + ")");
            }
            return 0;
        }
    }

    static Instant since(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(DurationSpec.parse(text).duration());
            } catch (RuntimeException notADuration) {
                throw new InvalidArgumentException("--since '" + text + "' is neither a time such as"
                        + " 2026-11-24T10:00:00Z nor a duration such as 24h");
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walk the audit log's hash chain; exit code 1 and the first bad entry when it was tampered"
                    + " with (an entry changed, removed, inserted or reordered).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                AuditVerification result = opened.access().verifyAudit(TokenCommand.actor(mesh, opened));
                Output output = mesh.output();
                if (format.json) {
                    output.json(AccessJsonViews.verification(result));
                } else if (result.intact()) {
                    output.line("Audit log intact: " + result.entries() + " entries, head hash " + result.headHash()
                            + " (record it elsewhere to detect a rewrite of the whole log).");
                } else {
                    output.line("Audit log TAMPERED: first bad entry " + result.firstBadSequence().orElseThrow() + ": "
                            + result.problem().orElse("") + " (" + result.entries() + " entries before it are intact).");
                }
                return result.intact() ? 0 : ErrorCode.EXIT_FAILURE;
            }
        }
    }
}
