package org.meshwork.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.DomainName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh access request|pending|approve|deny|list}: self-serve access requests. */
@Command(name = "access", mixinStandardHelpOptions = true,
        description = "Self-serve access: request access to a product; its owners approve or deny (approval creates"
                + " the grant), or the product's auto-approval rules decide at once.",
        subcommands = {AccessCommand.Request.class, AccessCommand.Pending.class, AccessCommand.Approve.class,
            AccessCommand.Deny.class, AccessCommand.Mine.class})
final class AccessCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static void print(Output output, List<AccessRequest> requests, String empty) {
        if (requests.isEmpty()) {
            output.line(empty);
            return;
        }
        output.table(List.of("REQUEST", "PRODUCT", "REQUESTER", "STATUS", "PURPOSE", "COLUMNS", "REQUESTED", "DECISION"),
                requests.stream().map(request -> List.of(request.id(), request.product().toString(),
                        request.requester().value(), request.status().label(), request.purpose().orElse("-"),
                        request.columns().isEmpty() ? "*" : String.join(",", request.columns()),
                        request.requestedAt().toString(),
                        request.decidedBy().map(by -> by + ": " + request.reason().orElse("")).orElse("-"))).toList());
    }

    @Command(name = "request", mixinStandardHelpOptions = true, description = "Ask for read access to a product.")
    static final class Request implements Callable<Integer> {
        @ParentCommand
        AccessCommand parent;

        @Mixin
        ProductArgument product;

        @Option(names = "--purpose", paramLabel = "TEXT", description = "Why you need it (required for restricted data).")
        String purpose;

        @Option(names = "--columns", paramLabel = "A,B", description = "Only these columns (default: all).")
        String columns;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                AccessRequest request = opened.access().request(TokenCommand.actor(mesh, opened), product.productId(),
                        Optional.ofNullable(purpose), AccessJsonViews.csv(columns));
                Output output = mesh.output();
                if (format.json) {
                    output.json(AccessJsonViews.request(request));
                } else if (request.status() == AccessRequestStatus.APPROVED) {
                    output.line("Request " + request.id() + " for " + request.product() + " was approved at once ("
                            + request.reason().orElse("") + "): grant " + request.grantId().orElse("?") + ".");
                } else {
                    output.line("Request " + request.id() + " for " + request.product() + " is pending; the owning"
                            + " domain's team decides it (mesh access pending). See its state with: mesh access list");
                }
                return 0;
            }
        }
    }

    @Command(name = "pending", mixinStandardHelpOptions = true,
            description = "The pending requests for the products your teams own (every product for a platform admin).")
    static final class Pending implements Callable<Integer> {
        @ParentCommand
        AccessCommand parent;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain's products.")
        String domain;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                List<AccessRequest> pending = opened.access().pending(TokenCommand.actor(mesh, opened),
                        Optional.ofNullable(domain).map(DomainName::of));
                Output output = mesh.output();
                if (format.json) {
                    output.json(pending.stream().map(AccessJsonViews::request).toList());
                } else {
                    print(output, pending, "No pending access requests for your products.");
                }
                return 0;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a pending request; this creates the requester's grant.")
    static final class Approve implements Callable<Integer> {
        @ParentCommand
        AccessCommand parent;

        @Parameters(index = "0", paramLabel = "REQUEST_ID")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded and sent to the requester).")
        String reason;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                AccessRequest approved = opened.access().approve(TokenCommand.actor(mesh, opened), id,
                        Optional.ofNullable(reason));
                Output output = mesh.output();
                if (format.json) {
                    output.json(AccessJsonViews.request(approved));
                } else {
                    output.line("Approved " + approved.id() + ": " + approved.requester() + " may read "
                            + approved.product() + " (grant " + approved.grantId().orElse("?") + ").");
                }
                return 0;
            }
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a pending request, with a reason.")
    static final class Deny implements Callable<Integer> {
        @ParentCommand
        AccessCommand parent;

        @Parameters(index = "0", paramLabel = "REQUEST_ID")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (sent to the requester).")
        String reason;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                AccessRequest denied = opened.access().deny(TokenCommand.actor(mesh, opened), id, reason);
                Output output = mesh.output();
                if (format.json) {
                    output.json(AccessJsonViews.request(denied));
                } else {
                    output.line("Denied " + denied.id() + " of " + denied.requester() + " for " + denied.product() + ".");
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your access requests, newest first.")
    static final class Mine implements Callable<Integer> {
        @ParentCommand
        AccessCommand parent;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                List<AccessRequest> mine = opened.access().myRequests(TokenCommand.actor(mesh, opened));
                Output output = mesh.output();
                if (format.json) {
                    output.json(mine.stream().map(AccessJsonViews::request).toList());
                } else {
                    print(output, mine, "You have made no access requests.");
                }
                return 0;
            }
        }
    }
}
