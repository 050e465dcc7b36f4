package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;

/**
 * Who a grant is for: one user (or service account), or every member of a team. Written {@code user:bob} or
 * {@code team:analytics}, the form the CLI and the API take.
 */
public record Grantee(Kind kind, String name) {

    /** Whether the grantee is a single principal or a team. */
    public enum Kind { USER, TEAM }

    public Grantee {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        if (kind == Kind.USER) {
            UserName.of(name);
        } else {
            TeamName.of(name);
        }
    }

    public static Grantee user(UserName user) {
        return new Grantee(Kind.USER, user.value());
    }

    public static Grantee team(TeamName team) {
        return new Grantee(Kind.TEAM, team.value());
    }

    /**
     * Parses {@code user:NAME} or {@code team:NAME}.
     *
     * @throws InvalidArgumentException naming the expected form
     */
    public static Grantee parse(String text) {
        requireNonNull(text, "text is null");
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (colon < 0 || !(prefix.equals("user") || prefix.equals("team"))) {
            throw new InvalidArgumentException("grantee '" + text + "' is not valid: write user:NAME or team:NAME,"
                    + " e.g. team:analytics");
        }
        return new Grantee(prefix.equals("user") ? Kind.USER : Kind.TEAM, text.substring(colon + 1));
    }

    /** Whether the grant reaches this principal: it is the user, or a member of the team. */
    public boolean covers(Principal principal) {
        return kind == Kind.USER ? principal.name().value().equals(name) : principal.isMemberOf(TeamName.of(name));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
