package org.meshwork.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.sla.DurationWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh search}: full-text search over domains, products and glossary terms, with facet filters. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the catalog: product and domain names, tags, descriptions, columns, owners and glossary "
                + "terms; typos and prefixes still match. Each hit shows id, name, domain, owner, freshness, SLA status "
                + "and a short description; facet counts follow.")
final class SearchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MeshCommand mesh;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "What to look for, e.g. \"customer churn\".")
    List<String> text = new ArrayList<>();

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only entries of this domain.")
    String domain;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only entries with this tag (repeatable: all must match).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--sensitivity", paramLabel = "LEVEL", description = "Only products of this sensitivity level.")
    String sensitivity;

    @Option(names = "--owner-team", paramLabel = "TEAM", description = "Only entries owned by this team.")
    String ownerTeam;

    @Option(names = "--sla-status", paramLabel = "STATUS", description = "Only products with this SLA status (green, amber, red, no_sla).")
    String slaStatus;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only entries of this kind: product, domain, glossary_term.")
    String kind;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N hits (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        SearchQuery query = SearchQuery.of(String.join(" ", text)).withLimit(limit);
        if (domain != null) {
            query = query.withDomain(domain);
        }
        if (!tags.isEmpty()) {
            query = query.withTags(tags);
        }
        if (sensitivity != null) {
            query = query.withSensitivity(sensitivity);
        }
        if (ownerTeam != null) {
            query = query.withOwnerTeam(ownerTeam);
        }
        if (slaStatus != null) {
            query = query.withSlaStatus(slaStatus);
        }
        if (kind != null) {
            query = query.withKind(kind(kind));
        }
        try (Mesh opened = mesh.openMesh()) {
            SearchResult result = opened.catalog().search(query,
                    opened.mayDiscover(opened.actor(mesh.actingUser(), mesh.environment())));
            Output output = mesh.output();
            if (format.json) {
                output.json(json(result));
                return 0;
            }
            if (result.hits().isEmpty()) {
                output.line("Nothing found" + (query.text().isBlank() ? "." : " for \"" + query.text() + "\".")
                        + " Try fewer words, or fewer filters.");
                return 0;
            }
            Instant now = opened.clock().instant();
            output.table(List.of("ID", "NAME", "DOMAIN", "OWNER", "FRESHNESS", "SLA", "DESCRIPTION"),
                    result.hits().stream().map(hit -> List.of(
                            hit.kind() == EntryKind.PRODUCT ? hit.id() : hit.kind().label() + ":" + hit.id(),
                            hit.name(), hit.domain(), hit.owner().orElse(""),
                            hit.kind() != EntryKind.PRODUCT ? "" : hit.lastPublished()
                                    .map(at -> DurationWords.of(Duration.between(at, now)) + " ago").orElse("never"),
                            hit.slaStatus().orElse(""), hit.description())).toList());
            output.line();
            output.line(result.total() + (result.total() == 1 ? " match" : " matches")
                    + (result.total() > result.hits().size() ? ", " + result.hits().size() + " shown" : ""));
            for (Map.Entry<String, List<FacetCount>> facet : result.facets().entrySet()) {
                if (!facet.getValue().isEmpty()) {
                    output.line("  " + facet.getKey() + ": " + String.join(", ", facet.getValue().stream()
                            .map(f -> f.value() + " (" + f.count() + ")").toList()));
                }
            }
            return 0;
        }
    }

    private static EntryKind kind(String label) {
        for (EntryKind candidate : EntryKind.values()) {
            if (candidate.label().equalsIgnoreCase(label.replace('-', '_'))) {
                return candidate;
            }
        }
        throw new InvalidArgumentException("--kind must be one of product, domain, glossary_term; got '" + label + "'");
    }

    static ObjectNode json(SearchResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("total", result.total());
        ArrayNode hits = root.putArray("hits");
        for (SearchHit hit : result.hits()) {
            ObjectNode node = hits.addObject();
            node.put("kind", hit.kind().label());
            node.put("id", hit.id());
            node.put("name", hit.name());
            node.put("domain", hit.domain());
            hit.owner().ifPresent(o -> node.put("owner", o));
            node.put("description", hit.description());
            hit.lastPublished().ifPresent(at -> node.put("last_published", at.toString()));
            hit.slaStatus().ifPresent(s -> node.put("sla_status", s));
            node.put("score", hit.score());
        }
        ObjectNode facets = root.putObject("facets");
        result.facets().forEach((name, counts) -> {
            ObjectNode facet = facets.putObject(name);
            counts.forEach(c -> facet.put(c.value(), c.count()));
        });
        return root;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
