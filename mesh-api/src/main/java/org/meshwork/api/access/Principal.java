package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;

/**
 * Who is acting, once authenticated: a user or a service account, the teams it belongs to and its roles. Every data
 * read and every control action is decided for a principal.
 *
 * @param authentication how and from where the principal was authenticated (set by the server for the audit log);
 *     empty for the principal the local CLI acts as. It never changes what the principal may do, so it is not part
 *     of {@link #equals}: one principal is the same one however it signed in.
 */
public record Principal(
        UserName name, PrincipalKind kind, Set<TeamName> teams, Set<Role> roles, Optional<Authentication> authentication) {

    public Principal {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        teams = Set.copyOf(teams);
        roles = Set.copyOf(roles);
        requireNonNull(authentication, "authentication is null");
    }

    /** A principal not authenticated by a credential: the one the local CLI acts as, or one a test builds. */
    public Principal(UserName name, PrincipalKind kind, Set<TeamName> teams, Set<Role> roles) {
        this(name, kind, teams, roles, Optional.empty());
    }

    /** This principal, authenticated by {@code method}. */
    public Principal authenticatedBy(AuthenticationMethod method) {
        return new Principal(name, kind, teams, roles, Optional.of(new Authentication(method, Optional.empty())));
    }

    /** This principal, with the address its request came from recorded in its authentication. */
    public Principal from(String clientAddress) {
        return new Principal(name, kind, teams, roles, authentication.map(a -> a.from(clientAddress)));
    }

    /** The address the principal's request came from, when an edge recorded it. */
    public Optional<String> clientAddress() {
        return authentication.flatMap(Authentication::clientAddress);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Role.PLATFORM_ADMIN);
    }

    public boolean isAuditor() {
        return roles.contains(Role.AUDITOR);
    }

    public boolean isMemberOf(TeamName team) {
        return teams.contains(team);
    }

    /** Equal name, kind, teams and roles; how the principal authenticated is left out. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Principal that && name.equals(that.name) && kind == that.kind
                && teams.equals(that.teams) && roles.equals(that.roles);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, kind, teams, roles);
    }

    @Override
    public String toString() {
        return name.value();
    }
}
