package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;

/**
 * Who is acting, once authenticated: a user or a service account, the teams it belongs to and its roles. Every data
 * read and every control action is decided for a principal.
 */
public record Principal(UserName name, PrincipalKind kind, Set<TeamName> teams, Set<Role> roles) {

    public Principal {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        teams = Set.copyOf(teams);
        roles = Set.copyOf(roles);
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

    @Override
    public String toString() {
        return name.value();
    }
}
