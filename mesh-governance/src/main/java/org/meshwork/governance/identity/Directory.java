package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.access.Role;

/**
 * Who exists and what they belong to, as the workspace declares it ({@code mesh.yaml}: teams and their members,
 * {@code platform_admins}, {@code auditors}, {@code service_accounts}, {@code default_user}). The one place a user
 * name becomes a {@link Principal}. A name the directory does not know becomes a principal with no team and no role:
 * it may read public products and nothing else.
 */
public record Directory(
        Map<TeamName, Set<UserName>> teams,
        Set<UserName> platformAdmins,
        Set<UserName> auditors,
        Set<UserName> serviceAccounts,
        Set<UserName> otherUsers) {

    public Directory {
        teams = Map.copyOf(teams);
        platformAdmins = Set.copyOf(platformAdmins);
        auditors = Set.copyOf(auditors);
        serviceAccounts = Set.copyOf(serviceAccounts);
        otherUsers = Set.copyOf(otherUsers);
    }

    /** The principal for a user name, with the teams it is a member of and its roles. */
    public Principal principal(UserName user) {
        requireNonNull(user, "user is null");
        Set<TeamName> memberOf = new TreeSet<>();
        teams.forEach((team, members) -> {
            if (members.contains(user)) {
                memberOf.add(team);
            }
        });
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (platformAdmins.contains(user)) {
            roles.add(Role.PLATFORM_ADMIN);
        }
        if (auditors.contains(user)) {
            roles.add(Role.AUDITOR);
        }
        PrincipalKind kind = serviceAccounts.contains(user) ? PrincipalKind.SERVICE_ACCOUNT : PrincipalKind.USER;
        return new Principal(user, kind, memberOf, roles);
    }

    /** Whether the workspace names this user anywhere (a team, a role, a service account, the default user). */
    public boolean knows(UserName user) {
        return allUsers().contains(user);
    }

    /** Every user the workspace names. */
    public Set<UserName> allUsers() {
        Set<UserName> all = new HashSet<>(platformAdmins);
        all.addAll(auditors);
        all.addAll(serviceAccounts);
        all.addAll(otherUsers);
        teams.values().forEach(all::addAll);
        return all;
    }

    /** The members of a team (empty when the team is not declared). */
    public Set<UserName> members(TeamName team) {
        return teams.getOrDefault(team, Set.of());
    }
}
