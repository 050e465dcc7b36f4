package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.meshwork.api.store.StoredCheckResult;

/**
 * What the SLA is measured on: when a product published (the end of each succeeded run that committed a table
 * version), oldest first, and its stored check results.
 */
public record ProductActivity(List<Instant> publishes, List<StoredCheckResult> results) {
    public ProductActivity {
        List<Instant> sorted = new ArrayList<>(requireNonNull(publishes, "publishes is null"));
        sorted.sort(Comparator.naturalOrder());
        publishes = List.copyOf(sorted);
        results = List.copyOf(results);
    }

    /** Only what had happened at {@code now}: a later clock reading may not see the future. */
    ProductActivity until(Instant now) {
        return new ProductActivity(publishes.stream().filter(p -> !p.isAfter(now)).toList(),
                results.stream().filter(r -> !r.evaluatedAt().isAfter(now)).toList());
    }
}
