package org.meshwork.catalog.docs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.ProductLineage;

/**
 * Everything a product's generated documentation page shows, gathered by the platform: the product, its SLA now, the
 * latest check results, its lineage and consumers, and its stored versions.
 */
public record ProductPage(
        CatalogProduct product,
        Optional<String> domainOwnerTeam,
        Optional<String> slaColour,
        List<SlaLine> sla,
        Optional<Instant> lastPublished,
        Optional<Instant> checksEvaluatedAt,
        List<CheckResult> checks,
        ProductLineage lineage,
        List<String> consumers,
        List<VersionLine> versions,
        Instant generatedAt) {

    public ProductPage {
        requireNonNull(product, "product is null");
        requireNonNull(domainOwnerTeam, "domainOwnerTeam is null");
        requireNonNull(slaColour, "slaColour is null");
        sla = List.copyOf(sla);
        requireNonNull(lastPublished, "lastPublished is null");
        requireNonNull(checksEvaluatedAt, "checksEvaluatedAt is null");
        checks = List.copyOf(checks);
        requireNonNull(lineage, "lineage is null");
        consumers = List.copyOf(consumers);
        versions = List.copyOf(versions);
        requireNonNull(generatedAt, "generatedAt is null");
    }

    /** One SLA objective now: its target, what was measured, met or breached, and why. */
    public record SlaLine(String objective, String target, String measured, String status, String reason) {}

    /** One stored revision of the product. */
    public record VersionLine(long version, Optional<String> semanticVersion, String appliedBy, Instant appliedAt) {}
}
