package org.meshwork.catalog.search;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.document.SortedDocValuesField;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.catalog.CatalogDocument;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchIndex;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;

/**
 * The search index on Lucene, in a directory of the workspace ({@code index/}). Each query term is looked up in the
 * name (boost 5), tags (4), glossary terms (2) and one body field holding id, domain, description, columns and owners
 * (1); an edge-n-gram copy of name and tags finds prefixes ({@code cust}), and fuzzy matching on name, tags and
 * glossary terms (one edit for terms of 4–6 letters, two beyond) finds typos ({@code custmer}) — for words no name or
 * tag contains as they are. Facets are sorted-set doc
 * values. A writer is opened per change and closed after its commit, so a CLI and a server can share the directory;
 * readers are reopened when the index changed.
 */
public final class LuceneSearchIndex implements SearchIndex {
    /** Commit user-data key holding the generation. */
    static final String GENERATION_KEY = "meshwork.generation";
    /** Bumped when the document layout changes: an index written by another layout is rebuilt. */
    static final String LAYOUT = "2";
    static final String LAYOUT_KEY = "meshwork.layout";
    private static final int SHORT_DESCRIPTION = 120;
    private static final int MAX_FACET_VALUES = 20;
    private static final int LOCK_ATTEMPTS = 50;

    private static final String ID = "id";
    private static final String KIND = "kind";
    private static final String HIDDEN = "hidden";
    private static final String NAME = "name";
    private static final String NAME_SORT = "name_sort";
    private static final String PREFIX = "prefix";
    private static final String TAGS = "tags";
    private static final String GLOSSARY = "glossary";
    /** Id, domain, description, columns and owners in one field: one clause per query term instead of five. */
    private static final String BODY = "body";
    private static final String DESCRIPTION = "description";
    private static final String FILTER_PREFIX = "f_";
    private static final Map<String, Float> BOOSTS = orderedBoosts();

    private final Directory directory;
    private final Analyzer analyzer;
    private final Analyzer indexAnalyzer;
    private final FacetsConfig facets = new FacetsConfig();
    private DirectoryReader reader;
    private SortedSetDocValuesReaderState facetState;
    private List<String[]> hiddenEntries;

    private LuceneSearchIndex(Directory directory) {
        this.directory = requireNonNull(directory, "directory is null");
        this.analyzer = textAnalyzer(false);
        this.indexAnalyzer = new PerFieldAnalyzerWrapper(analyzer, Map.of(PREFIX, textAnalyzer(true)));
        facets.setMultiValued(FACET_TAG, true);
        facets.setMultiValued(FACET_OWNER_TEAM, false);
    }

    /** Opens (without creating anything yet) the index in {@code path}. */
    public static LuceneSearchIndex open(Path path) {
        try {
            Files.createDirectories(path);
            return new LuceneSearchIndex(FSDirectory.open(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + path + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Float> orderedBoosts() {
        Map<String, Float> boosts = new LinkedHashMap<>();
        boosts.put(NAME, 5f);
        boosts.put(TAGS, 4f);
        boosts.put(GLOSSARY, 2f);
        boosts.put(BODY, 1f);
        return boosts;
    }

    /** Splits on {@code _ . -} too, so {@code customer_id} and {@code dp.customer.360} match {@code customer}. */
    private static Analyzer textAnalyzer(boolean edgeNgrams) {
        try {
            CustomAnalyzer.Builder builder = CustomAnalyzer.builder()
                    .addCharFilter("patternReplace", "pattern", "[_.\\-/:@]", "replacement", " ")
                    .withTokenizer("standard")
                    .addTokenFilter("lowercase")
                    .addTokenFilter("asciiFolding");
            if (edgeNgrams) {
                builder.addTokenFilter("edgeNGram", "minGramSize", "2", "maxGramSize", "20");
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void replaceAll(Collection<CatalogDocument> documents, String generation) {
        write(writer -> {
            writer.deleteAll();
            for (CatalogDocument document : documents) {
                writer.addDocument(facets.build(toLucene(document)));
            }
            // one segment after a full rebuild: facet counting then needs no ordinal map across segments
            writer.forceMerge(1);
        }, generation);
    }

    @Override
    public synchronized void upsert(Collection<CatalogDocument> documents, String generation) {
        write(writer -> {
            for (CatalogDocument document : documents) {
                writer.updateDocument(new Term(ID, key(document.kind(), document.id())), facets.build(toLucene(document)));
            }
        }, generation);
    }

    @Override
    public synchronized Optional<String> generation() {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return Optional.empty();
            }
            DirectoryReader current = currentReader();
            Map<String, String> data = current.getIndexCommit().getUserData();
            if (!LAYOUT.equals(data.get(LAYOUT_KEY))) {
                return Optional.empty();
            }
            return Optional.ofNullable(data.get(GENERATION_KEY));
        } catch (IOException e) {
            throw failure("read the search index", e);
        }
    }

    private interface WriteAction {
        void apply(IndexWriter writer) throws IOException;
    }

    private void write(WriteAction action, String generation) {
        requireNonNull(generation, "generation is null");
        try (IndexWriter writer = openWriter()) {
            action.apply(writer);
            writer.setLiveCommitData(Map.of(GENERATION_KEY, generation, LAYOUT_KEY, LAYOUT).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw failure("update the search index", e);
        }
    }

    /** Another process (a server, another CLI) may hold the write lock for a moment: wait for it. */
    private IndexWriter openWriter() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                IndexWriterConfig config = new IndexWriterConfig(indexAnalyzer);
                config.setRAMBufferSizeMB(64);
                config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
                return new IndexWriter(directory, config);
            } catch (LockObtainFailedException e) {
                if (attempt >= LOCK_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String key(EntryKind kind, String id) {
        return kind.label() + ":" + id;
    }

    private Document toLucene(CatalogDocument entry) {
        Document doc = new Document();
        doc.add(new StringField(ID, key(entry.kind(), entry.id()), Field.Store.NO));
        doc.add(new StoredField("entry_id", entry.id()));
        doc.add(new StringField(KIND, entry.kind().label(), Field.Store.YES));
        doc.add(new StringField(HIDDEN, entry.discoverable() ? "false" : "true", Field.Store.NO));
        doc.add(new TextField(NAME, entry.name(), Field.Store.YES));
        doc.add(new SortedDocValuesField(NAME_SORT, new BytesRef(entry.name().toLowerCase(Locale.ROOT))));
        doc.add(new TextField(PREFIX, entry.name(), Field.Store.NO));
        doc.add(new TextField(BODY, entry.id(), Field.Store.NO));
        doc.add(new TextField(BODY, entry.domain(), Field.Store.NO));
        doc.add(new TextField(BODY, entry.description(), Field.Store.NO));
        doc.add(new StoredField(DESCRIPTION, entry.description()));
        doc.add(new StoredField("domain", entry.domain()));
        for (String tag : entry.tags()) {
            doc.add(new TextField(TAGS, tag, Field.Store.NO));
            doc.add(new TextField(PREFIX, tag, Field.Store.NO));
            doc.add(new StringField(FILTER_PREFIX + FACET_TAG, tag.toLowerCase(Locale.ROOT), Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(FACET_TAG, tag.toLowerCase(Locale.ROOT)));
        }
        for (String column : entry.columns()) {
            doc.add(new TextField(BODY, column, Field.Store.NO));
        }
        for (String owner : entry.owners()) {
            doc.add(new TextField(BODY, owner, Field.Store.NO));
        }
        for (String term : entry.glossaryTerms()) {
            doc.add(new TextField(GLOSSARY, term, Field.Store.NO));
        }
        facet(doc, FACET_DOMAIN, Optional.of(entry.domain()).filter(s -> !s.isEmpty()));
        facet(doc, FACET_SENSITIVITY, entry.sensitivity());
        facet(doc, FACET_OWNER_TEAM, entry.ownerTeam());
        facet(doc, FACET_SLA_STATUS, entry.slaStatus());
        entry.ownerTeam().ifPresent(team -> doc.add(new StoredField("owner", team)));
        entry.slaStatus().ifPresent(status -> doc.add(new StoredField("sla", status)));
        entry.lastPublished().ifPresent(at -> doc.add(new StoredField("published", at.toString())));
        return doc;
    }

    private static void facet(Document doc, String dimension, Optional<String> value) {
        value.ifPresent(v -> {
            String normalised = v.toLowerCase(Locale.ROOT);
            doc.add(new SortedSetDocValuesFacetField(dimension, normalised));
            doc.add(new StringField(FILTER_PREFIX + dimension, normalised, Field.Store.NO));
        });
    }

    @Override
    public synchronized SearchResult search(SearchQuery query, Predicate<String> mayDiscover) {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return new SearchResult(0, List.of(), Map.of());
            }
            DirectoryReader current = currentReader();
            IndexSearcher searcher = new IndexSearcher(current);
            Query lucene = build(query, searcher, mayDiscover);
            FacetsCollector collector = new FacetsCollector();
            TopDocs top = query.text().isBlank()
                    ? FacetsCollector.search(searcher, lucene, query.limit(), new Sort(new SortField(NAME_SORT, SortField.Type.STRING)), collector)
                    : FacetsCollector.search(searcher, lucene, query.limit(), collector);
            List<SearchHit> hits = new ArrayList<>();
            for (ScoreDoc score : top.scoreDocs) {
                hits.add(hit(searcher.storedFields().document(score.doc), Float.isNaN(score.score) ? 0f : score.score));
            }
            return new SearchResult(top.totalHits.value, hits, facetCounts(collector));
        } catch (IOException e) {
            throw failure("search the index", e);
        }
    }

    private Map<String, List<FacetCount>> facetCounts(FacetsCollector collector) throws IOException {
        Map<String, List<FacetCount>> result = new LinkedHashMap<>();
        SortedSetDocValuesReaderState state = facetState();
        if (state == null) {
            return result;
        }
        Facets counts = new SortedSetDocValuesFacetCounts(state, collector);
        for (String dimension : FACETS) {
            List<FacetCount> values = new ArrayList<>();
            try {
                FacetResult facet = counts.getTopChildren(MAX_FACET_VALUES, dimension);
                if (facet != null) {
                    for (LabelAndValue value : facet.labelValues) {
                        values.add(new FacetCount(value.label, value.value.longValue()));
                    }
                }
            } catch (IllegalArgumentException noSuchDimension) {
                // no entry has this facet yet
            }
            result.put(dimension, values);
        }
        return result;
    }

    private SortedSetDocValuesReaderState facetState() throws IOException {
        if (facetState == null) {
            try {
                facetState = new DefaultSortedSetDocValuesReaderState(reader, facets);
            } catch (IllegalArgumentException noFacetsIndexed) {
                return null;
            }
        }
        return facetState;
    }

    private Query build(SearchQuery query, IndexSearcher searcher, Predicate<String> mayDiscover) throws IOException {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        List<String> terms = analyze(query.text());
        if (terms.isEmpty()) {
            builder.add(new MatchAllDocsQuery(), Occur.MUST);
        } else {
            BooleanQuery.Builder text = new BooleanQuery.Builder();
            for (String term : terms) {
                text.add(termQuery(term, searcher), Occur.SHOULD);
            }
            builder.add(text.build(), Occur.MUST);
        }
        query.domain().ifPresent(v -> builder.add(filter(FACET_DOMAIN, v), Occur.FILTER));
        query.tags().forEach(v -> builder.add(filter(FACET_TAG, v), Occur.FILTER));
        query.sensitivity().ifPresent(v -> builder.add(filter(FACET_SENSITIVITY, v), Occur.FILTER));
        query.ownerTeam().ifPresent(v -> builder.add(filter(FACET_OWNER_TEAM, v), Occur.FILTER));
        query.slaStatus().ifPresent(v -> builder.add(filter(FACET_SLA_STATUS, v), Occur.FILTER));
        query.kind().ifPresent(v -> builder.add(new TermQuery(new Term(KIND, v.label())), Occur.FILTER));
        visibility(searcher, mayDiscover).ifPresent(hidden -> builder.add(hidden, Occur.MUST_NOT));
        return builder.build();
    }

    /**
     * What the caller may not see: the hidden entries it may not discover (few: their ids are read once per reader and
     * asked about one by one). A sparse MUST_NOT clause, so visibility costs nothing when little is hidden.
     */
    private Optional<Query> visibility(IndexSearcher searcher, Predicate<String> mayDiscover) throws IOException {
        if (hiddenEntries == null) {
            List<String[]> hidden = new ArrayList<>();
            Query hiddenQuery = new TermQuery(new Term(HIDDEN, "true"));
            int count = searcher.count(hiddenQuery);
            if (count > 0) {
                for (ScoreDoc doc : searcher.search(hiddenQuery, count).scoreDocs) {
                    Document stored = searcher.storedFields().document(doc.doc);
                    hidden.add(new String[] {stored.get(KIND) + ":" + stored.get("entry_id"), stored.get("entry_id")});
                }
            }
            hiddenEntries = hidden;
        }
        List<BytesRef> denied = new ArrayList<>();
        for (String[] entry : hiddenEntries) {
            if (!mayDiscover.test(entry[1])) {
                denied.add(new BytesRef(entry[0]));
            }
        }
        return denied.isEmpty() ? Optional.empty() : Optional.of(new TermInSetQuery(ID, denied));
    }

    private static Query filter(String dimension, String value) {
        return new TermQuery(new Term(FILTER_PREFIX + dimension, value.toLowerCase(Locale.ROOT)));
    }

    /**
     * One query word: exact in every field, as a prefix of name and tags, and — only when no name or tag has the word
     * itself, i.e. it is probably misspelt — fuzzily in name, tags and glossary terms. Skipping the fuzzy expansion for
     * words that exist keeps common searches cheap and ranks exact matches first.
     */
    private static Query termQuery(String term, IndexSearcher searcher) throws IOException {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Map.Entry<String, Float> field : BOOSTS.entrySet()) {
            any.add(new BoostQuery(new TermQuery(new Term(field.getKey(), term)), field.getValue()), Occur.SHOULD);
        }
        any.add(new BoostQuery(new TermQuery(new Term(PREFIX, term)), 1.5f), Occur.SHOULD);
        int edits = term.length() >= 7 ? 2 : term.length() >= 4 ? 1 : 0;
        boolean known = searcher.getIndexReader().docFreq(new Term(NAME, term)) > 0
                || searcher.getIndexReader().docFreq(new Term(TAGS, term)) > 0;
        if (edits > 0 && !known) {
            for (String field : List.of(NAME, TAGS, GLOSSARY)) {
                any.add(new BoostQuery(new FuzzyQuery(new Term(field, term), edits, 1, 10, true), 1f), Occur.SHOULD);
            }
        }
        return any.build();
    }

    private List<String> analyze(String text) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(NAME, text)) {
            CharTermAttribute attribute = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!terms.contains(attribute.toString())) {
                    terms.add(attribute.toString());
                }
            }
            stream.end();
        }
        return terms;
    }

    private static SearchHit hit(Document doc, float score) {
        String description = Optional.ofNullable(doc.get(DESCRIPTION)).orElse("");
        return new SearchHit(EntryKind.valueOf(doc.get(KIND).toUpperCase(Locale.ROOT)), doc.get("entry_id"),
                doc.get(NAME), Optional.ofNullable(doc.get("domain")).orElse(""), Optional.ofNullable(doc.get("owner")),
                shorten(description), Optional.ofNullable(doc.get("published")).map(Instant::parse),
                Optional.ofNullable(doc.get("sla")), score);
    }

    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= SHORT_DESCRIPTION) {
            return line;
        }
        int cut = line.lastIndexOf(' ', SHORT_DESCRIPTION - 1);
        return line.substring(0, cut > SHORT_DESCRIPTION / 2 ? cut : SHORT_DESCRIPTION - 1) + "…";
    }

    private DirectoryReader currentReader() throws IOException {
        if (reader == null) {
            reader = DirectoryReader.open(directory);
            facetState = null;
            hiddenEntries = null;
        } else {
            DirectoryReader changed = DirectoryReader.openIfChanged(reader);
            if (changed != null) {
                reader.close();
                reader = changed;
                facetState = null;
                hiddenEntries = null;
            }
        }
        return reader;
    }

    private static MeshException failure(String what, IOException e) {
        return new MeshException(ErrorCode.INTERNAL, "could not " + what + ": " + e.getMessage()
                + " (delete the workspace's index/ directory and run `mesh catalog reindex`)", e);
    }

    @Override
    public synchronized void close() {
        try {
            if (reader != null) {
                reader.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For tests and diagnostics: the number of entries per kind. */
    synchronized Map<String, Integer> sizes() throws IOException {
        Map<String, Integer> sizes = new HashMap<>();
        if (!DirectoryReader.indexExists(directory)) {
            return sizes;
        }
        IndexSearcher searcher = new IndexSearcher(currentReader());
        for (EntryKind kind : EntryKind.values()) {
            sizes.put(kind.label(), searcher.count(new TermQuery(new Term(KIND, kind.label()))));
        }
        return sizes;
    }
}
