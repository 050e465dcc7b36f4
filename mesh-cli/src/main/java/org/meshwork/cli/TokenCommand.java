package org.meshwork.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Principal;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.governance.identity.IssuedToken;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh token create|list|revoke}: bearer tokens for the REST API. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage bearer tokens for the REST API. Only a salted hash of each token is stored.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static Principal actor(MeshCommand mesh, Mesh opened) {
        return opened.principal(opened.actor(mesh.actingUser(), mesh.environment()));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it once; it cannot be shown again. A user may create their own;"
                    + " platform admins anyone's.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--user", paramLabel = "USER", description = "Whose token (default: the acting user).")
        String user;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 30d or 12h (default: none).")
        String expires;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                Principal actor = actor(mesh, opened);
                UserName owner = user == null ? actor.name() : UserName.of(user);
                IssuedToken issued = opened.access().createToken(actor, owner,
                        Optional.ofNullable(expires).map(text -> DurationSpec.parse(text).duration()),
                        Optional.ofNullable(description));
                Output output = mesh.output();
                if (format.json) {
                    var json = new java.util.LinkedHashMap<String, Object>(AccessJsonViews.token(issued.stored()));
                    json.put("token", issued.text());
                    output.json(json);
                } else {
                    output.line("Token " + issued.stored().id() + " for " + owner
                            + issued.stored().expiresAt().map(at -> ", expires " + at).orElse(", does not expire")
                            + ". Copy it now, it is not shown again:");
                    output.line(issued.text());
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tokens (never their secrets): your own, or every token for a platform admin.")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--user", paramLabel = "USER", description = "Only this user's tokens.")
        String user;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                List<ApiToken> tokens = opened.access().tokens(actor(mesh, opened),
                        Optional.ofNullable(user).map(UserName::of));
                Output output = mesh.output();
                if (format.json) {
                    output.json(tokens.stream().map(AccessJsonViews::token).toList());
                    return 0;
                }
                if (tokens.isEmpty()) {
                    output.line("No tokens. Create one with: mesh token create");
                    return 0;
                }
                output.table(List.of("ID", "USER", "CREATED", "EXPIRES", "REVOKED", "DESCRIPTION"),
                        tokens.stream().map(token -> List.of(token.id(), token.user().value(),
                                token.createdAt().toString(), token.expiresAt().map(Object::toString).orElse("-"),
                                token.revokedAt().map(Object::toString).orElse("-"), token.description().orElse("")))
                                .toList());
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Parameters(index = "0", paramLabel = "TOKEN_ID", description = "The token's id (from mesh token list).")
        String id;

        @Override
        public Integer call() {
            MeshCommand mesh = parent.mesh;
            try (Mesh opened = mesh.openMesh()) {
                ApiToken revoked = opened.access().revokeToken(actor(mesh, opened), id);
                mesh.output().line("Revoked token " + revoked.id() + " of " + revoked.user() + ".");
                return 0;
            }
        }
    }
}
