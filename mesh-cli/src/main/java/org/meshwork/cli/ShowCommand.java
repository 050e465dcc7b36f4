package org.meshwork.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh show}: one data product in full, or its revision history. */
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
        ProductId productId = product.productId();
        try (Mesh opened = mesh.openMesh()) {
            Output output = mesh.output();
            if (history) {
                List<StoredResource> versions = opened.history(productId);
                if (format.json) {
                    output.json(JsonViews.history(versions));
                } else {
                    output.table(List.of("REVISION", "APPLIED AT", "APPLIED BY", "CONTENT HASH"),
                            versions.stream().map(v -> List.of(Long.toString(v.version()), v.appliedAt().toString(),
                                    v.appliedBy().value(), v.contentHash().substring(0, 12))).toList());
                }
                return 0;
            }
            VersionedProduct product = opened.products().get(productId);
            if (format.json) {
                output.json(JsonViews.detail(product));
            } else {
                print(output, product);
            }
            return 0;
        }
    }

    private static void print(Output output, VersionedProduct product) {
        ProductDefinition d = product.definition();
        output.line(output.style("bold", d.id().toString()) + "  " + d.displayName());
        if (!d.description().isEmpty()) {
            output.line(d.description());
        }
        output.line();
        field(output, "domain", d.domain().value());
        field(output, "owner team", d.ownerTeam().map(Object::toString).orElse("(none: only platform admins may change it)"));
        field(output, "version", d.version().map(Object::toString).orElse("-") + " (revision " + product.version()
                + ", applied by " + product.stored().appliedBy() + " at " + product.stored().appliedAt() + ")");
        field(output, "sensitivity", d.sensitivity().label());
        if (!d.tags().isEmpty()) {
            field(output, "tags", String.join(", ", d.tags()));
        }
        d.product().flatMap(DataProductDescriptor::documentationUrl).ifPresent(url -> field(output, "docs", url));
        if (!d.sla().isEmpty()) {
            field(output, "sla", "freshness " + d.sla().freshness().map(Object::toString).orElse("-")
                    + ", availability " + d.sla().availability().map(Object::toString).orElse("-")
                    + ", accuracy " + d.sla().accuracy().map(Object::toString).orElse("-"));
        }
        d.product().map(DataProductDescriptor::ownership).ifPresent(o -> {
            o.technicalOwner().ifPresent(v -> field(output, "technical owner", v));
            o.businessOwner().ifPresent(v -> field(output, "business owner", v));
            o.steward().ifPresent(v -> field(output, "steward", v));
            o.onCallRotation().ifPresent(v -> field(output, "on call", v));
            o.communicationChannel().ifPresent(v -> field(output, "channel", v));
        });
        if (!d.sources().isEmpty()) {
            output.line();
            output.line(output.style("bold", "Sources"));
            for (SourceSpec source : d.sources()) {
                String from = source.product().map(Object::toString)
                        .or(source::path).or(source::url).or(source::table).orElse("");
                output.line("  " + source.name() + " (" + source.type().label() + ") " + from
                        + source.system().map(s -> " [system " + s + "]").orElse(""));
            }
        }
        if (!d.schema().isEmpty()) {
            output.line();
            output.line(output.style("bold", "Schema"));
            output.table(List.of("  COLUMN", "TYPE", "NULLABLE", "PII", "DESCRIPTION"), d.schema().columns().stream()
                    .map((ColumnSpec c) -> List.of("  " + c.name(), c.type(), c.nullable() ? "yes" : "no",
                            c.isPii() ? "pii" : "", c.description().orElse("")))
                    .toList());
        }
        InfrastructureSpec infra = d.infrastructure();
        output.line();
        output.line(output.style("bold", "Infrastructure"));
        infra.storage().ifPresent(s -> field(output, "storage", s.format().orElse("delta-lake") + " at "
                + s.location().orElse("(default lake location)")
                + s.retention().map(r -> ", retention " + r).orElse("")
                + s.encryption().map(e -> ", encryption " + e).orElse("")));
        field(output, "processing", infra.processing().map(p -> p.engineOrDefault()).orElse("duckdb"));
        infra.orchestration().ifPresent(o -> field(output, "schedule", o.schedule().orElse("manual")
                + o.timeout().map(t -> ", timeout " + t).orElse("")));
        infra.quality().ifPresent(q -> q.checks().forEach(check -> field(output, "check", check.name()
                + (check.type().equals(check.name()) ? "" : " (" + check.type() + ")")
                + check.column().map(c -> " on " + c).orElse("")
                + check.threshold().map(t -> " " + t).orElse("") + " [" + check.severity().label() + "]")));
        infra.security().ifPresent(s -> field(output, "security", "access control " + s.accessControl().orElse("-")
                + ", encryption at rest " + s.encryptionAtRest().map(Object::toString).orElse("-")
                + ", audit logging " + s.auditLogging().map(Object::toString).orElse("-")));
    }

    private static void field(Output output, String name, String value) {
        output.line(String.format("  %-16s%s", name, value));
    }
}
