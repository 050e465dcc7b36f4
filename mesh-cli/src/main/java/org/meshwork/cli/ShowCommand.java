package org.meshwork.cli;

import static org.meshwork.cli.Documents.list;
import static org.meshwork.cli.Documents.object;
import static org.meshwork.cli.Documents.text;
import static org.meshwork.cli.Documents.textOr;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh show}: one data product in full, or its revision history (local, or of the server in remote mode). */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a data product (or its revision history).")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--history", description = "List every applied revision: who, when, content hash.")
    boolean history;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        var productId = product.productId();
        try (MeshClient client = mesh.client()) {
            Map<String, Object> document = client.product(productId);
            Output output = mesh.output();
            if (history) {
                List<Map<String, Object>> versions = list(document, "revisions");
                if (format.json) {
                    output.json(versions);
                } else {
                    output.table(List.of("REVISION", "APPLIED AT", "APPLIED BY", "CONTENT HASH"),
                            versions.stream().map(v -> List.of(text(v, "revision"), text(v, "applied_at"),
                                    text(v, "applied_by"), text(v, "content_hash").substring(0, 12))).toList());
                }
                return 0;
            }
            if (format.json) {
                output.json(document);
            } else {
                print(output, document);
            }
            return 0;
        }
    }

    private static void print(Output output, Map<String, Object> d) {
        output.line(output.style("bold", text(d, "id")) + "  " + text(d, "name"));
        if (!text(d, "description").isEmpty()) {
            output.line(text(d, "description"));
        }
        output.line();
        field(output, "domain", text(d, "domain"));
        field(output, "owner team", textOr(d, "owner_team", "(none: only platform admins may change it)"));
        field(output, "version", textOr(d, "version", "-") + " (revision " + text(d, "revision")
                + ", applied by " + text(d, "applied_by") + " at " + text(d, "applied_at") + ")");
        field(output, "sensitivity", text(d, "sensitivity"));
        Object tags = d.get("tags");
        if (tags instanceof List<?> list && !list.isEmpty()) {
            field(output, "tags", String.join(", ", list.stream().map(Object::toString).toList()));
        }
        if (d.get("documentation_url") != null) {
            field(output, "docs", text(d, "documentation_url"));
        }
        Map<String, Object> sla = object(d, "sla");
        if (!sla.isEmpty()) {
            field(output, "sla", "freshness " + textOr(sla, "freshness", "-") + ", availability "
                    + textOr(sla, "availability", "-") + ", accuracy " + textOr(sla, "accuracy", "-"));
        }
        Map<String, Object> status = object(d, "sla_status");
        if (!status.isEmpty()) {
            field(output, "sla status", text(status, "status"));
        }
        Map<String, Object> snapshot = object(d, "snapshot");
        field(output, "snapshot", snapshot.isEmpty() ? "(nothing published yet)"
                : "version " + text(snapshot, "version") + ", " + text(snapshot, "rows") + " rows, published "
                        + text(snapshot, "committed_at"));
        Map<String, Object> ownership = object(d, "ownership");
        ownershipField(output, ownership, "technical_owner", "technical owner");
        ownershipField(output, ownership, "business_owner", "business owner");
        ownershipField(output, ownership, "steward", "steward");
        ownershipField(output, ownership, "on_call_rotation", "on call");
        ownershipField(output, ownership, "communication_channel", "channel");
        List<Map<String, Object>> sources = list(d, "sources");
        if (!sources.isEmpty()) {
            output.line();
            output.line(output.style("bold", "Sources"));
            for (Map<String, Object> source : sources) {
                String from = textOr(source, "product", textOr(source, "path", textOr(source, "url", text(source, "table"))));
                output.line("  " + text(source, "name") + " (" + text(source, "type") + ") " + from
                        + (source.get("system") == null ? "" : " [system " + text(source, "system") + "]"));
            }
        }
        List<Map<String, Object>> schema = list(d, "schema");
        if (!schema.isEmpty()) {
            output.line();
            output.line(output.style("bold", "Schema"));
            output.table(List.of("  COLUMN", "TYPE", "NULLABLE", "PII", "DESCRIPTION"), schema.stream()
                    .map(c -> List.of("  " + text(c, "name"), text(c, "type"),
                            Boolean.TRUE.equals(c.get("nullable")) ? "yes" : "no",
                            Boolean.TRUE.equals(c.get("pii")) ? "pii" : "", text(c, "description")))
                    .toList());
        }
        Map<String, Object> infra = object(d, "infrastructure");
        output.line();
        output.line(output.style("bold", "Infrastructure"));
        Map<String, Object> storage = object(infra, "storage");
        if (!storage.isEmpty()) {
            String location = text(storage, "location");
            String retention = text(storage, "retention");
            field(output, "storage", text(storage, "format") + " at "
                    + (location.isEmpty() ? "(default lake location)" : location)
                    + (retention.isEmpty() ? "" : ", retention " + retention)
                    + (storage.get("encryption") == null ? "" : ", encryption " + text(storage, "encryption")));
        }
        field(output, "processing", textOr(object(infra, "processing"), "engine", "duckdb"));
        Map<String, Object> orchestration = object(infra, "orchestration");
        if (!orchestration.isEmpty()) {
            String schedule = text(orchestration, "schedule");
            String timeout = text(orchestration, "timeout");
            field(output, "schedule", (schedule.isEmpty() ? "manual" : schedule)
                    + (timeout.isEmpty() ? "" : ", timeout " + timeout));
        }
        for (Map<String, Object> check : list(infra, "quality_checks")) {
            String threshold = text(check, "threshold");
            field(output, "check", text(check, "name")
                    + (text(check, "type").equals(text(check, "name")) ? "" : " (" + text(check, "type") + ")")
                    + (check.get("column") == null ? "" : " on " + text(check, "column"))
                    + (threshold.isEmpty() ? "" : " " + threshold) + " [" + text(check, "severity") + "]");
        }
        Map<String, Object> security = object(infra, "security");
        if (!security.isEmpty()) {
            field(output, "security", "access control " + textOr(security, "access_control", "-")
                    + ", encryption at rest " + textOr(security, "encryption_at_rest", "-")
                    + ", audit logging " + textOr(security, "audit_logging", "-"));
        }
    }

    private static void ownershipField(Output output, Map<String, Object> ownership, String key, String label) {
        if (ownership.get(key) != null) {
            field(output, label, text(ownership, key));
        }
    }

    private static void field(Output output, String name, String value) {
        output.line(String.format("  %-16s%s", name, value));
    }
}
