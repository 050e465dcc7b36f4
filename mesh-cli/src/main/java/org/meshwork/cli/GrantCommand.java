package org.meshwork.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.governance.access.AccessWorkflow;
import org.meshwork.governance.access.GrantRequest;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh grant}: an owner grants read access to a product. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Grant a user or a team read access to a product (its owners and platform admins may),"
                + " optionally limited to columns and rows, for a purpose, until an expiry, with PII clearance.")
final class GrantCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--to", required = true, paramLabel = "GRANTEE", description = "team:NAME or user:NAME.")
    String to;

    @Option(names = "--columns", paramLabel = "A,B", description = "Only these columns (default: all).")
    String columns;

    @Option(names = "--where", paramLabel = "FILTER",
            description = "Only rows that match, e.g. \"region = 'EU' AND amount >= 100\".")
    String where;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "What the access is for (required for restricted data).")
    String purpose;

    @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 30d (default: none).")
    String expires;

    @Option(names = "--pii", description = "Show PII columns in clear (in production only; elsewhere PII is always masked).")
    boolean pii;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        GrantRequest request = new GrantRequest(Grantee.parse(to), AccessJsonViews.csv(columns),
                Optional.ofNullable(where), Optional.ofNullable(purpose),
                Optional.ofNullable(expires).map(text -> DurationSpec.parse(text).duration()), pii);
        try (Mesh opened = mesh.openMesh()) {
            Grant grant = opened.access().grant(TokenCommand.actor(mesh, opened), product.productId(), request);
            Output output = mesh.output();
            if (format.json) {
                output.json(AccessJsonViews.grant(grant));
            } else {
                output.line("Granted " + grant.grantee() + " read access to " + grant.product() + " as " + grant.id()
                        + ": columns " + (grant.columns().isEmpty() ? "all" : String.join(",", grant.columns()))
                        + ", rows " + AccessWorkflow.describe(grant.rowFilter())
                        + (grant.piiClearance() ? ", PII in clear" : ", PII masked")
                        + grant.expiresAt().map(at -> ", expires " + at).orElse("") + ".");
            }
            return 0;
        }
    }

    /** {@code mesh revoke GRANT_ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a grant at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        MeshCommand mesh;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "GRANT_ID", description = "The grant's id (from mesh grants ID).")
        String id;

        @Override
        public Integer call() {
            try (Mesh opened = mesh.openMesh()) {
                Grant grant = opened.access().revoke(TokenCommand.actor(mesh, opened), id);
                mesh.output().line("Revoked grant " + grant.id() + " (" + grant.grantee() + " on " + grant.product() + ").");
                return 0;
            }
        }
    }

    /** {@code mesh grants ID}. */
    @Command(name = "grants", mixinStandardHelpOptions = true,
            description = "List a product's grants: all of them for its owners, admins and auditors; yours otherwise.")
    static final class ListGrants implements Callable<Integer> {
        @ParentCommand
        MeshCommand mesh;

        @Mixin
        ProductArgument product;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            try (Mesh opened = mesh.openMesh()) {
                List<Grant> grants = opened.access().grants(TokenCommand.actor(mesh, opened), product.productId());
                Output output = mesh.output();
                if (format.json) {
                    output.json(grants.stream().map(AccessJsonViews::grant).toList());
                    return 0;
                }
                if (grants.isEmpty()) {
                    output.line(product.id + " has no grants.");
                    return 0;
                }
                java.time.Instant now = opened.clock().instant();
                output.table(List.of("GRANT", "GRANTEE", "COLUMNS", "ROWS", "PII", "PURPOSE", "STATE", "GRANTED BY"),
                        grants.stream().map(grant -> List.of(grant.id(), grant.grantee().toString(),
                                grant.columns().isEmpty() ? "*" : String.join(",", grant.columns()),
                                AccessWorkflow.describe(grant.rowFilter()), grant.piiClearance() ? "clear" : "masked",
                                grant.purpose().orElse("-"),
                                grant.revokedAt().isPresent() ? "revoked" : grant.isActive(now) ? "active" : "expired",
                                grant.grantedBy().value())).toList());
                return 0;
            }
        }
    }
}
