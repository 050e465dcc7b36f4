package org.meshwork.platform.workspace;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.MeshException;
import org.meshwork.api.TeamName;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.governance.identity.OidcSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code identity} section of {@code mesh.yaml}, as strict as the rest of {@link WorkspaceConfigParser}: unknown
 * keys, missing required ones and bad values are errors naming the file, the line and the field path.
 *
 * <pre>
 * identity:
 *   oidc:
 *     issuer: https://login.example.com/realms/acme   # required, exactly the tokens' iss
 *     audience: meshwork-api                           # required, a value of the tokens' aud
 *     user_claim: email                                # default email (or preferred_username, sub, ...)
 *     groups_claim: groups                             # default groups
 *     group_teams: {sales-engineers: sales-team}       # provider group -> team declared under teams
 *     clock_skew: 60s                                  # default 60s, at most 5m
 *     algorithms: [RS256, ES256]                       # default every RS*, PS*, ES*; never HS* or none
 * </pre>
 */
final class IdentitySectionParser {
    private static final String SECTION = IdentitySettings.SECTION;
    private static final String OIDC = SECTION + ".oidc";
    private static final Set<String> SECTION_KEYS = Set.of("oidc");
    private static final Set<String> OIDC_KEYS = Set.of("issuer", "audience", "user_claim", "groups_claim",
            "group_teams", "clock_skew", "algorithms");

    private final String file;

    IdentitySectionParser(String file) {
        this.file = file;
    }

    /** @param teams the teams {@code mesh.yaml} declares: a group may map only to one of them */
    IdentitySettings parse(Node node, Set<TeamName> teams) {
        Map<String, Node> values = keys(mapping(node, SECTION), SECTION_KEYS, SECTION + ".");
        if (!values.containsKey("oidc")) {
            return IdentitySettings.defaults();
        }
        Node oidcNode = values.get("oidc");
        Map<String, Node> oidc = keys(mapping(oidcNode, OIDC), OIDC_KEYS, OIDC + ".");
        Node issuerNode = required(oidc, "issuer", oidcNode, "the issuer URL, exactly as the tokens' iss claim");
        String issuerText = scalar(issuerNode, OIDC + ".issuer");
        URI issuer = convert(issuerNode, OIDC + ".issuer", () -> URI.create(issuerText));
        if (issuer.getHost() == null) {
            throw error(issuerNode, OIDC + ".issuer must be an https:// URL, e.g. https://login.example.com/realms/acme;"
                    + " got '" + issuerText + "'");
        }
        String audience = text(required(oidc, "audience", oidcNode, "the API's client id at the provider, a value of"
                + " the tokens' aud claim"), OIDC + ".audience");
        String userClaim = oidc.containsKey("user_claim")
                ? text(oidc.get("user_claim"), OIDC + ".user_claim") : OidcSettings.USER_CLAIM_DEFAULT;
        String groupsClaim = oidc.containsKey("groups_claim")
                ? text(oidc.get("groups_claim"), OIDC + ".groups_claim") : OidcSettings.GROUPS_CLAIM_DEFAULT;
        Map<String, TeamName> groupTeams = new LinkedHashMap<>();
        if (oidc.containsKey("group_teams")) {
            for (NodeTuple tuple : mapping(oidc.get("group_teams"), OIDC + ".group_teams").getValue()) {
                String group = scalar(tuple.getKeyNode(), OIDC + ".group_teams");
                String path = OIDC + ".group_teams." + group;
                if (group.isBlank()) {
                    throw error(tuple.getKeyNode(), OIDC + ".group_teams: a group name is empty");
                }
                if (groupTeams.containsKey(group)) {
                    throw error(tuple.getKeyNode(), "duplicate key '" + path + "'");
                }
                Node teamNode = tuple.getValueNode();
                TeamName team = convert(teamNode, path, () -> TeamName.of(scalar(teamNode, path)));
                if (!teams.contains(team)) {
                    throw error(teamNode, path + ": team '" + team + "' is not declared under 'teams'; declare it"
                            + " there (its members may stay empty) or map the group to one of " + teams.stream()
                            .sorted().map(TeamName::toString).toList());
                }
                groupTeams.put(group, team);
            }
        }
        Duration skew = OidcSettings.CLOCK_SKEW_DEFAULT;
        if (oidc.containsKey("clock_skew")) {
            Node skewNode = oidc.get("clock_skew");
            skew = convert(skewNode, OIDC + ".clock_skew",
                    () -> DurationSpec.parse(scalar(skewNode, OIDC + ".clock_skew")).duration());
        }
        Set<String> algorithms = OidcSettings.ASYMMETRIC_ALGORITHMS;
        if (oidc.containsKey("algorithms")) {
            Node algorithmsNode = oidc.get("algorithms");
            Set<String> listed = new LinkedHashSet<>();
            for (Node item : sequence(algorithmsNode, OIDC + ".algorithms")) {
                String algorithm = scalar(item, OIDC + ".algorithms");
                if (!OidcSettings.ASYMMETRIC_ALGORITHMS.contains(algorithm)) {
                    throw error(item, OIDC + ".algorithms: '" + algorithm + "' is not accepted; use asymmetric ones"
                            + " only, of " + OidcSettings.ASYMMETRIC_ALGORITHMS.stream().sorted().toList()
                            + " (HMAC and none are never accepted)");
                }
                listed.add(algorithm);
            }
            algorithms = listed;
        }
        Set<String> chosen = algorithms;
        Duration clockSkew = skew;
        return new IdentitySettings(Optional.of(convert(oidcNode, OIDC, () -> new OidcSettings(issuer, audience,
                userClaim, groupsClaim, groupTeams, clockSkew, chosen))));
    }

    private Node required(Map<String, Node> values, String key, Node parent, String what) {
        Node node = values.get(key);
        if (node == null) {
            throw error(parent, OIDC + ": '" + key + "' is missing: " + what);
        }
        return node;
    }

    private String text(Node node, String what) {
        String value = scalar(node, what);
        if (value.isBlank()) {
            throw error(node, what + " is empty");
        }
        return value.strip();
    }

    private Map<String, Node> keys(MappingNode node, Set<String> allowed, String prefix) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = scalar(tuple.getKeyNode(), prefix + "key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + prefix + key + "'; expected one of "
                        + allowed.stream().sorted().toList());
            }
            if (result.containsKey(key)) {
                throw error(tuple.getKeyNode(), "duplicate key '" + prefix + key + "'");
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    private MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw error(node, what + " must be a mapping of keys to values");
    }

    private List<Node> sequence(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        throw error(node, what + " must be a list");
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(node, what + " must be a single value");
    }

    private <T> T convert(Node node, String what, java.util.function.Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (MeshException | IllegalArgumentException e) {
            throw error(node, what + ": " + e.getMessage());
        }
    }

    private InvalidConfigurationException error(Node node, String message) {
        int line = node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
        return new InvalidConfigurationException(file + ":" + line + ": " + message);
    }
}
