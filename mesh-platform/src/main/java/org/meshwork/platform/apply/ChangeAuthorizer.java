package org.meshwork.platform.apply;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.platform.workspace.WorkspaceConfig;

/**
 * Who may change what: the federated ownership rules of a data mesh. A domain's products and domain policies are
 * changed by members of the domain's owner team; global policies and undeclared domains by platform admins only.
 * Platform admins may change anything.
 */
public final class ChangeAuthorizer {
    private final WorkspaceConfig config;

    public ChangeAuthorizer(WorkspaceConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * Whether {@code actor} may create or change something owned by a domain whose owner team is {@code ownerTeam}
     * (empty when the domain is not declared).
     *
     * @return empty when allowed, else the reason for refusal
     */
    public Optional<String> checkDomainChange(UserName actor, DomainName domain, Optional<TeamName> ownerTeam, String what) {
        if (config.isPlatformAdmin(actor)) {
            return Optional.empty();
        }
        if (ownerTeam.isEmpty()) {
            return Optional.of("user '" + actor + "' may not change " + what + ": domain '" + domain
                    + "' is not declared, so only platform admins may; apply a Domain that names its owner team first");
        }
        if (config.isMember(actor, ownerTeam.get())) {
            return Optional.empty();
        }
        return Optional.of("user '" + actor + "' may not change " + what + ": only members of team '" + ownerTeam.get()
                + "', which owns domain '" + domain + "', or platform admins may");
    }

    /** Creating a new domain: platform admins, or a member of the team the domain names as its owner (self-serve). */
    public Optional<String> checkDomainCreation(UserName actor, DomainName domain, TeamName ownerTeam) {
        if (config.isPlatformAdmin(actor) || config.isMember(actor, ownerTeam)) {
            return Optional.empty();
        }
        return Optional.of("user '" + actor + "' may not create domain '" + domain + "': only members of its owner team '"
                + ownerTeam + "' or platform admins may");
    }

    /** Global policies are the governance group's: platform admins only. */
    public Optional<String> checkGlobalPolicyChange(UserName actor, String policy) {
        if (config.isPlatformAdmin(actor)) {
            return Optional.empty();
        }
        return Optional.of("user '" + actor + "' may not change global policy '" + policy + "': only platform admins may");
    }
}
