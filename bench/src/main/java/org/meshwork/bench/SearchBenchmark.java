package org.meshwork.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.meshwork.api.catalog.CatalogDocument;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.catalog.search.LuceneSearchIndex;

/**
 * Search benchmark: builds the catalog's Lucene index over N synthetic products (default 100,000) and times searches
 * with every facet counted — plain words, two-word queries, typos, prefixes, with and without facet filters, 1% of the
 * products hidden behind the visibility predicate — against a baseline in the same index: a bare Lucene
 * search of each word as a {@code TermQuery} on the name with the same five facets counted — what a faceted search
 * costs without boosts over several fields, typos, prefixes, filters and visibility.
 */
public final class SearchBenchmark {
    private static final String[] WORDS = {"customer", "orders", "revenue", "churn", "campaign", "payments", "invoice",
            "shipment", "inventory", "product", "usage", "events", "session", "marketing", "attribution", "ledger",
            "refund", "subscription", "account", "profile", "risk", "fraud", "supplier", "warehouse", "pricing",
            "forecast", "retention", "engagement", "support", "ticket"};
    private static final String[] DOMAINS = {"customer", "sales", "marketing", "finance", "product", "logistics",
            "support", "risk", "hr", "platform"};
    private static final String[] SENSITIVITY = {"public", "internal", "confidential", "restricted"};
    private static final String[] SLA = {"green", "green", "green", "amber", "red"};
    private static final String[] QUERIES = {"customer", "customer churn", "custmer", "revenu forecast", "camp",
            "payments ledger", "invoice", "shipment warehouse", "retention", "fraud risk", "subscriptn", "prof"};

    private SearchBenchmark() {}

    public static void main(String[] args) throws IOException {
        int products = 100_000;
        int queries = 2_000;
        Path work = Path.of("bench/out/search");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--products" -> products = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --products N, --queries N, --work DIR)");
            }
        }
        deleteRecursively(work);
        Files.createDirectories(work);
        List<CatalogDocument> documents = synthetic(products);

        long buildStart = System.nanoTime();
        try (LuceneSearchIndex index = LuceneSearchIndex.open(work.resolve("index"))) {
            index.replaceAll(documents, "bench");
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            System.out.printf("products indexed       %,d in %.2f s (%,.0f docs/s), index %s%n", products, buildSeconds,
                    products / buildSeconds, size(work.resolve("index")));

            Random random = new Random(7);
            List<SearchQuery> mix = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                SearchQuery query = SearchQuery.of(QUERIES[random.nextInt(QUERIES.length)]);
                switch (i % 4) {
                    case 1 -> query = query.withDomain(DOMAINS[random.nextInt(DOMAINS.length)]);
                    case 2 -> query = query.withTags(List.of(WORDS[random.nextInt(WORDS.length)]));
                    case 3 -> query = query.withSlaStatus("green").withSensitivity("internal");
                    default -> { }
                }
                mix.add(query);
            }
            // warm up both paths (JIT, caches, the facet state of the reader)
            for (int i = 0; i < 300; i++) {
                index.search(mix.get(i % mix.size()), id -> id.hashCode() % 2 == 0);
            }
            long[] meshwork = new long[queries];
            long hits = 0;
            for (int i = 0; i < queries; i++) {
                long start = System.nanoTime();
                SearchResult result = index.search(mix.get(i), id -> id.hashCode() % 2 == 0);
                meshwork[i] = System.nanoTime() - start;
                hits += result.total();
            }

            long[] baseline = new long[queries];
            try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(work.resolve("index")))) {
                IndexSearcher searcher = new IndexSearcher(reader);
                FacetsConfig config = new FacetsConfig();
                config.setMultiValued("tag", true);
                SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, config);
                for (int i = 0; i < 300; i++) {
                    plainFacetedSearch(searcher, state, mix.get(i % mix.size()).text());
                }
                for (int i = 0; i < queries; i++) {
                    long start = System.nanoTime();
                    plainFacetedSearch(searcher, state, mix.get(i).text());
                    baseline[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(meshwork);
            Arrays.sort(baseline);
            System.out.printf("queries                %,d (12 texts incl. typos and prefixes; ¾ with facet filters;"
                    + " all 5 facets counted; %,d hits in all)%n", queries, hits);
            System.out.printf("meshwork search        p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms%n", ms(meshwork, 0.50),
                    ms(meshwork, 0.99), meshwork[queries - 1] / 1e6);
            System.out.printf("baseline name+facets  p50 %6.2f ms   p99 %6.2f ms%n", ms(baseline, 0.50), ms(baseline, 0.99));
            System.out.printf("ratio meshwork/baseline p50 %.1fx   p99 %.1fx%n", ms(meshwork, 0.50) / ms(baseline, 0.50),
                    ms(meshwork, 0.99) / ms(baseline, 0.99));
            System.out.printf("goal p99 <= 10 ms: %s%n", ms(meshwork, 0.99) <= 10 ? "met" : "NOT met");
        }
    }

    /** The baseline: each word as a TermQuery on the name (no boosts, typos, prefixes, filters), all 5 facets counted. */
    private static void plainFacetedSearch(IndexSearcher searcher, SortedSetDocValuesReaderState state, String text)
            throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : text.split(" ")) {
            query.add(new TermQuery(new Term("name", word)), BooleanClause.Occur.SHOULD);
        }
        FacetsCollector collector = new FacetsCollector();
        FacetsCollector.search(searcher, query.build(), 20, collector);
        Facets facets = new SortedSetDocValuesFacetCounts(state, collector);
        for (String dimension : List.of("domain", "tag", "sensitivity", "owner_team", "sla_status")) {
            try {
                facets.getTopChildren(20, dimension);
            } catch (IllegalArgumentException none) {
                // not indexed
            }
        }
    }

    private static double ms(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    static List<CatalogDocument> synthetic(int count) {
        Random random = new Random(42);
        List<CatalogDocument> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String domain = DOMAINS[i % DOMAINS.length];
            String a = WORDS[random.nextInt(WORDS.length)];
            String b = WORDS[random.nextInt(WORDS.length)];
            String name = capitalise(a) + " " + capitalise(b) + " " + i;
            List<String> tags = List.of(a, WORDS[random.nextInt(WORDS.length)]);
            List<String> columns = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                columns.add(word + "_id: the " + word + " key of " + a);
            }
            String description = "Synthetic product " + i + " about " + a + " and " + b + " for the " + domain
                    + " domain, with " + WORDS[random.nextInt(WORDS.length)] + " details.";
            documents.add(new CatalogDocument(EntryKind.PRODUCT, "dp." + domain + "." + a + "-" + b + "-" + i, name, domain,
                    description, tags, columns, List.of("owner" + (i % 50)), Optional.of(domain + "-team"),
                    Optional.of(SENSITIVITY[i % SENSITIVITY.length]), List.of(b),
                    Optional.of(Instant.parse("2026-11-24T10:00:00Z").minusSeconds(i)),
                    Optional.of(SLA[i % SLA.length]), i % 100 != 0));
        }
        return documents;
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
