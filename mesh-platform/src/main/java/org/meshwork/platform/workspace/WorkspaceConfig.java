package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.Environment;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;

/**
 * The workspace's {@code mesh.yaml}: the environment it represents, who acts by default, the platform admins, the
 * auditors (who read the audit log and metadata, never data), the service accounts (machine principals, members of
 * teams like users), the teams and their members, where storage locations map to, the engine's resources, where
 * alerts go, where the metadata is stored, the limits of governed reads, how {@code mesh serve} listens, where
 * OpenLineage events go, and how callers of the server authenticate.
 */
public record WorkspaceConfig(
        Environment environment,
        UserName defaultUser,
        Set<UserName> platformAdmins,
        Set<UserName> auditors,
        Set<UserName> serviceAccounts,
        Map<TeamName, Set<UserName>> teams,
        List<StorageRoot> storageRoots,
        EngineSettings engine,
        NotificationSettings notifications,
        MetadataStoreSettings metadataStore,
        ServingSettings serving,
        ServerSettings server,
        LineageSettings lineage,
        EncryptionSettings encryption,
        IdentitySettings identity) {

    public WorkspaceConfig {
        requireNonNull(environment, "environment is null");
        requireNonNull(defaultUser, "defaultUser is null");
        platformAdmins = Set.copyOf(platformAdmins);
        auditors = Set.copyOf(auditors);
        serviceAccounts = Set.copyOf(serviceAccounts);
        teams = Map.copyOf(teams);
        // the longest prefix wins, so "s3://special-bucket/" can override "s3://"
        storageRoots = storageRoots.stream()
                .sorted(Comparator.comparingInt((StorageRoot root) -> root.prefix().length()).reversed())
                .toList();
        requireNonNull(engine, "engine is null");
        requireNonNull(notifications, "notifications is null");
        requireNonNull(metadataStore, "metadataStore is null");
        requireNonNull(serving, "serving is null");
        requireNonNull(server, "server is null");
        requireNonNull(encryption, "encryption is null");
        requireNonNull(lineage, "lineage is null");
        requireNonNull(identity, "identity is null");
    }

    public boolean isPlatformAdmin(UserName user) {
        return platformAdmins.contains(user);
    }

    public boolean isMember(UserName user, TeamName team) {
        return teams.getOrDefault(team, Set.of()).contains(user);
    }

    /** The teams a user belongs to, sorted. */
    public List<TeamName> teamsOf(UserName user) {
        return teams.entrySet().stream()
                .filter(entry -> entry.getValue().contains(user))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The storage root whose prefix the location starts with (longest first). */
    public Optional<StorageRoot> storageRootFor(String location) {
        return storageRoots.stream().filter(root -> location.startsWith(root.prefix())).findFirst();
    }
}
