package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.apply.ContractDiff;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultColumn;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;
import org.meshwork.platform.sla.DurationWords;
import org.meshwork.platform.sla.ObjectiveReport;
import org.meshwork.platform.sla.SlaReport;

/** The product page and its tabs, and the access-request actions. */
final class ProductPages {
    static final List<String> TABS = List.of("overview", "schema", "quality", "lineage", "runs", "data", "access");
    static final int QUALITY_RUNS = 30;
    static final int PREVIEW_ROWS = 20;
    static final int RUNS_PAGE = 25;
    static final int MAX_RUNS = 500;
    static final int CONTRACT_VERSIONS = 20;
    static final int LINEAGE_DEPTH = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebUiServices services;
    private final WebUi ui;

    ProductPages(WebUiServices services, WebUi ui) {
        this.services = requireNonNull(services, "services is null");
        this.ui = requireNonNull(ui, "ui is null");
    }

    /** The product, if it exists and the principal may discover it; otherwise the same "not found" either way. */
    VersionedProduct visible(Principal principal, String idText) {
        if (!ProductId.isValid(idText)) {
            throw new WebUi.NotFound();
        }
        ProductId id = ProductId.parse(idText);
        if (!services.accessController().canDiscover(principal, id)) {
            throw new NoSuchProductException(id);
        }
        return services.products().get(id);
    }

    void show(Context ctx, Principal principal, String tab) throws IOException {
        if (!TABS.contains(tab)) {
            throw new WebUi.NotFound();
        }
        VersionedProduct product = visible(principal, ctx.pathParam("id"));
        ProductDefinition definition = product.definition();
        SlaReport sla = services.sla().report(product.id());
        Map<String, Object> params = new HashMap<>();
        params.put("user", WebUi.user(principal));
        params.put("header", header(definition, sla));
        params.put("tab", tab);
        params.put("tabs", TABS);
        params.put("body", switch (tab) {
            case "schema" -> ui.content("tab_schema.jte", Map.of("schema", schema(product)));
            case "quality" -> ui.content("tab_quality.jte", Map.of("quality", quality(product.id())));
            case "lineage" -> ui.content("tab_lineage.jte", Map.of("lineage", lineage(principal, product)));
            case "runs" -> ui.content("tab_runs.jte", Map.of("runs", runs(ctx, product.id())));
            case "data" -> ui.content("tab_data.jte", Map.of("preview", preview(ctx, principal, product)));
            case "access" -> ui.content("tab_access.jte", Map.of("access", access(principal, product.id()), "id",
                    product.id().toString(), "notice", Optional.ofNullable(ctx.queryParam("notice")).orElse("")));
            default -> ui.content("tab_overview.jte", Map.of("overview", overview(definition, sla), "header",
                    header(definition, sla)));
        });
        ui.html(ctx, "product.jte", params);
    }

    Views.ProductHeader header(ProductDefinition definition, SlaReport sla) {
        List<Views.Contact> contacts = new ArrayList<>();
        Ownership ownership = definition.product().map(p -> p.ownership()).orElse(Ownership.none());
        ownership.technicalOwner().ifPresent(v -> contacts.add(new Views.Contact("Technical owner", v)));
        ownership.businessOwner().ifPresent(v -> contacts.add(new Views.Contact("Business owner", v)));
        ownership.steward().ifPresent(v -> contacts.add(new Views.Contact("Steward", v)));
        ownership.developer().ifPresent(v -> contacts.add(new Views.Contact("Developer", v)));
        ownership.onCallRotation().ifPresent(v -> contacts.add(new Views.Contact("On call", v)));
        ownership.communicationChannel().ifPresent(v -> contacts.add(new Views.Contact("Channel", v)));
        ownership.escalationPath().ifPresent(v -> contacts.add(new Views.Contact("Escalation", v)));
        String reason = sla.objectives().stream()
                .filter(o -> o.status() != org.meshwork.platform.sla.ObjectiveStatus.MET)
                .map(ObjectiveReport::reason).findFirst()
                .orElse(sla.objectives().isEmpty() ? "no SLA declared" : "every objective met");
        String freshness = sla.lastPublished()
                .map(at -> "published " + DurationWords.of(Duration.between(at, sla.at())) + " ago")
                .orElse("never published");
        return new Views.ProductHeader(definition.id().toString(), definition.displayName(), definition.domain().value(),
                definition.ownerTeam().map(t -> t.value()).orElse("-"), contacts, definition.sensitivity().label(),
                definition.version().map(Object::toString).orElse("-"), definition.description(), definition.tags(),
                sla.colour().label().replace('_', '-'), slaLabel(sla), reason, freshness,
                definition.product().flatMap(p -> p.documentationUrl()).filter(ProductPages::isWebLink));
    }

    private static String slaLabel(SlaReport sla) {
        switch (sla.colour()) {
            case GREEN:
                return "SLA green";
            case AMBER:
                return "SLA amber";
            case RED:
                return "SLA red";
            case NO_SLA:
                return "no SLA";
        }
        throw new IllegalStateException("unknown colour " + sla.colour());
    }

    private static boolean isWebLink(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    Views.Overview overview(ProductDefinition definition, SlaReport sla) {
        List<Views.Objective> objectives = sla.objectives().stream()
                .map(o -> new Views.Objective(o.objective().label(), o.target(), o.measuredText(), o.status().label(),
                        o.reason()))
                .toList();
        List<Views.Source> sources = definition.sources().stream().map(ProductPages::source).toList();
        List<String> transitions = sla.transitions().stream()
                .map(t -> TIME.format(t.at()) + " — " + t.objective().label() + " " + t.change().label() + ": " + t.reason())
                .toList();
        String id = definition.id().toString();
        return new Views.Overview(objectives, sources, restSnippet(id), sqlSnippet(id), transitions);
    }

    private static Views.Source source(SourceSpec source) {
        String detail = source.product().map(p -> "data product " + p)
                .or(() -> source.system().map(s -> "system " + s))
                .or(() -> source.path())
                .or(() -> source.url())
                .or(() -> source.table())
                .orElse("");
        return new Views.Source(source.name(), source.type().toString().toLowerCase(Locale.ROOT), detail);
    }

    static String restSnippet(String id) {
        return "curl -H \"Authorization: Bearer $MESH_TOKEN\" \\\n  \"$MESH_SERVER/api/v1/products/" + id + "/data?limit=10\"";
    }

    static String sqlSnippet(String id) {
        return "mesh query 'SELECT * FROM \"" + id + "\" LIMIT 10'";
    }

    Views.Schema schema(VersionedProduct product) {
        List<Views.Column> columns = product.definition().schema().columns().stream().map(ProductPages::column).toList();
        List<StoredResource> history = services.store().history(ResourceKey.product(product.id()));
        List<Views.ContractVersion> versions = new ArrayList<>();
        org.meshwork.api.descriptor.OutputSchema previous = null;
        for (StoredResource stored : history) {
            ProductDefinition definition = services.products().toProduct(stored).definition();
            org.meshwork.api.descriptor.OutputSchema schema = definition.schema();
            if (previous == null || !schema.equals(previous)) {
                List<String> breaking = previous == null ? List.of() : ContractDiff.breakingChanges(previous, schema);
                List<String> additions = previous == null ? List.of() : ContractDiff.additions(previous, schema);
                versions.add(new Views.ContractVersion(stored.version(), definition.version().map(Object::toString).orElse("-"),
                        TIME.format(stored.appliedAt()), stored.appliedBy().value(), breaking, additions, previous == null));
            }
            previous = schema;
        }
        List<Views.ContractVersion> newestFirst = new ArrayList<>(versions);
        java.util.Collections.reverse(newestFirst);
        return new Views.Schema(columns, newestFirst.subList(0, Math.min(CONTRACT_VERSIONS, newestFirst.size())));
    }

    private static Views.Column column(ColumnSpec column) {
        return new Views.Column(column.name(), column.type(), column.nullable(), column.description().orElse(""),
                column.classification().orElse(""), column.isPii(), column.mask().orElse(""));
    }

    Views.Quality quality(ProductId id) {
        List<StoredCheckResult> history = services.store().checkHistory(id, QUALITY_RUNS);
        if (history.isEmpty()) {
            return new Views.Quality(Optional.empty(), List.of(), List.of());
        }
        String latestRun = history.get(0).runId();
        List<Views.CheckRow> latest = history.stream().filter(r -> r.runId().equals(latestRun))
                .map(r -> checkRow(r.result())).toList();
        // one series per check, oldest run first
        Map<String, List<StoredCheckResult>> byCheck = new LinkedHashMap<>();
        for (StoredCheckResult result : history) {
            byCheck.computeIfAbsent(result.result().name(), name -> new ArrayList<>()).add(result);
        }
        List<Views.Chart> charts = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<StoredCheckResult>> check : byCheck.entrySet()) {
            List<StoredCheckResult> series = new ArrayList<>(check.getValue());
            java.util.Collections.reverse(series);
            ObjectNode chart = JSON.createObjectNode();
            ArrayNode labels = chart.putArray("labels");
            ArrayNode values = chart.putArray("values");
            ArrayNode passed = chart.putArray("passed");
            int points = 0;
            for (StoredCheckResult result : series) {
                if (result.result().measured().isEmpty()) {
                    continue;
                }
                labels.add(TIME.format(result.evaluatedAt()));
                values.add(result.result().measured().get());
                passed.add(result.result().passed());
                points++;
            }
            chart.put("label", check.getKey() + " (" + series.get(0).result().expectation() + ")");
            CheckResult first = series.get(0).result();
            String title = (first.kind().equals(check.getKey()) ? check.getKey() : check.getKey() + " (" + first.kind() + ")")
                    + ", expected " + first.expectation();
            charts.add(new Views.Chart("quality-chart-" + index++, title, chart.toString(), points));
        }
        return new Views.Quality(Optional.of(TIME.format(history.get(0).evaluatedAt())), latest, charts);
    }

    private static Views.CheckRow checkRow(CheckResult result) {
        return new Views.CheckRow(result.name(), result.kind(), result.severity().label(),
                result.measured().map(ProductPages::number).orElse("not measured"), result.expectation(), result.passed(),
                result.message());
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    Views.Lineage lineage(Principal principal, VersionedProduct product) {
        LineageGraph.Graph graph = services.lineage().productLineage(product.id(), LINEAGE_DEPTH);
        Set<String> hiddenNodes = new HashSet<>();
        List<LineageGraph.Node> nodes = new ArrayList<>();
        for (LineageGraph.Node node : graph.nodes()) {
            if (node.product().isPresent() && !services.accessController().canDiscover(principal, node.product().get())) {
                hiddenNodes.add(node.id()); // a product the principal may not see is left out, not named
            } else {
                nodes.add(node);
            }
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("focus", graph.focus().toString());
        ArrayNode elements = json.putArray("nodes");
        List<Views.LineageNodeRow> nodeRows = new ArrayList<>();
        for (LineageGraph.Node node : nodes) {
            ObjectNode element = elements.addObject();
            element.put("id", node.id());
            element.put("label", node.label());
            element.put("kind", node.kind().name().toLowerCase(Locale.ROOT));
            element.put("focus", node.id().equals(graph.focus().toString()));
            Optional<String> href = node.product().map(p -> "/products/" + p + "/lineage");
            href.ifPresent(h -> element.put("href", h));
            nodeRows.add(new Views.LineageNodeRow(node.id(), node.label(), node.kind().name().toLowerCase(Locale.ROOT), href));
        }
        Map<String, String> labels = new HashMap<>();
        nodes.forEach(node -> labels.put(node.id(), node.label()));
        ArrayNode edges = json.putArray("edges");
        List<Views.LineageEdgeRow> edgeRows = new ArrayList<>();
        Set<String> columns = new java.util.TreeSet<>();
        for (LineageGraph.Edge edge : graph.edges()) {
            if (hiddenNodes.contains(edge.from()) || hiddenNodes.contains(edge.to())) {
                continue;
            }
            ObjectNode element = edges.addObject();
            element.put("source", edge.from());
            element.put("target", edge.to());
            ArrayNode mappings = element.putArray("columns");
            List<String> texts = new ArrayList<>();
            for (LineageGraph.ColumnMapping mapping : edge.columns()) {
                ObjectNode m = mappings.addObject();
                m.put("output", mapping.outputColumn());
                m.put("inputs", String.join(", ", mapping.inputColumns()));
                m.put("expression", mapping.expression());
                String from = labels.getOrDefault(edge.from(), edge.from());
                texts.add(labels.getOrDefault(edge.to(), edge.to()) + "." + mapping.outputColumn() + " ← "
                        + mapping.inputColumns().stream().map(c -> from + "." + c).collect(Collectors.joining(", "))
                        + (mapping.expression().isEmpty() ? "" : " (" + mapping.expression() + ")"));
                if (edge.to().equals(graph.focus().toString())) {
                    columns.add(mapping.outputColumn());
                }
            }
            edgeRows.add(new Views.LineageEdgeRow(labels.getOrDefault(edge.from(), edge.from()),
                    labels.getOrDefault(edge.to(), edge.to()), texts));
        }
        return new Views.Lineage(json.toString(), nodeRows, edgeRows, List.copyOf(columns), hiddenNodes.size());
    }

    Views.Runs runs(Context ctx, ProductId id) {
        int limit = intParam(ctx, "limit", RUNS_PAGE, 1, MAX_RUNS);
        List<RunRecord> runs = services.store().runs(id, limit + 1);
        boolean more = runs.size() > limit;
        List<Views.RunRow> rows = runs.subList(0, Math.min(limit, runs.size())).stream().map(run -> new Views.RunRow(
                run.runId(), run.status().label(), run.trigger().label(), TIME.format(run.startedAt()),
                run.endedAt().map(end -> DurationWords.of(Duration.between(run.startedAt(), end))).orElse("running"),
                run.rowsRead(), run.rowsWritten(), run.rowsQuarantined(),
                run.tableVersion().map(String::valueOf).orElse("-"), run.error().orElse(""))).toList();
        Optional<String> next = more && limit < MAX_RUNS
                ? Optional.of("/products/" + id + "/runs?limit=" + Math.min(MAX_RUNS, limit * 2)) : Optional.empty();
        return new Views.Runs(rows, next);
    }

    Views.Preview preview(Context ctx, Principal principal, VersionedProduct product) throws IOException {
        ProductId id = product.id();
        String rest = restSnippet(id.toString());
        String sql = sqlSnippet(id.toString());
        ReadDecision decision;
        try {
            decision = services.accessController().authorizeRead(principal, id, Optional.empty());
        } catch (ForbiddenException e) {
            return new Views.Preview(false, e.getMessage(), "", List.of(), List.of(), "", rest, sql);
        }
        DataRequest request = new DataRequest(List.of(), List.of(), List.of(), OptionalLong.of(PREVIEW_ROWS), 0,
                Optional.empty(), OptionalLong.empty(), Optional.empty());
        RequestContext context = new RequestContext(Optional.of("web UI data preview"), Optional.ofNullable(ctx.ip()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ResultColumn> resultColumns;
        OptionalLong version;
        try (ResultStream stream = services.data().read(principal, id, request, context)) {
            resultColumns = stream.columns();
            version = stream.version();
            stream.writeTo(ResultFormat.NDJSON, out);
        } catch (ForbiddenException e) {
            return new Views.Preview(false, e.getMessage(), "", List.of(), List.of(), "", rest, sql);
        }
        List<Views.DataColumn> columns = resultColumns.stream().map(c -> new Views.DataColumn(c.name(), c.type(),
                decision.column(c.name()).flatMap(ColumnAccess::mask).map(m -> m.name().toLowerCase(Locale.ROOT))
                        .orElse(""))).toList();
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(out.toString(StandardCharsets.UTF_8)))) {
            String line;
            while ((line = lines.readLine()) != null && rows.size() < PREVIEW_ROWS) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                List<String> cells = new ArrayList<>();
                for (ResultColumn column : resultColumns) {
                    JsonNode value = row.get(column.name());
                    cells.add(value == null || value.isNull() ? "NULL" : value.isValueNode() ? value.asText() : value.toString());
                }
                rows.add(cells);
            }
        }
        String message = rows.isEmpty() ? "The product has no rows you may see." : "";
        return new Views.Preview(true, message, decision.basis(), columns, rows,
                version.isPresent() ? String.valueOf(version.getAsLong()) : "-", rest, sql);
    }

    Views.Access access(Principal principal, ProductId id) {
        boolean owner = mayDecide(principal, id);
        Paging paging = Paging.first(Paging.MAX_LIMIT);
        List<Views.RequestRow> pending = owner
                ? services.accessRequests().forProduct(principal, id, true, paging).stream().map(ProductPages::requestRow).toList()
                : List.of();
        List<Views.RequestRow> decided = owner
                ? services.accessRequests().forProduct(principal, id, false, Paging.first(Paging.DEFAULT_LIMIT)).stream()
                        .filter(r -> r.status() != AccessRequests.Status.PENDING).map(ProductPages::requestRow).toList()
                : List.of();
        List<Views.RequestRow> mine = services.accessRequests().byRequester(principal, id, paging).stream()
                .map(ProductPages::requestRow).toList();
        return new Views.Access(owner, !owner, pending, mine, decided);
    }

    private boolean mayDecide(Principal principal, ProductId id) {
        try {
            services.accessController().authorizeControl(principal, ControlAction.APPROVE, id);
            return true;
        } catch (ForbiddenException e) {
            return false;
        }
    }

    private static Views.RequestRow requestRow(AccessRequests.Request request) {
        return new Views.RequestRow(request.id(), request.requester().value(), request.purpose(),
                request.status().name().toLowerCase(Locale.ROOT), TIME.format(request.requestedAt()),
                request.decidedBy().map(u -> u.value()).orElse(""), request.reason().orElse(""));
    }

    void requestAccess(Context ctx, Principal principal) {
        VersionedProduct product = visible(principal, ctx.pathParam("id"));
        String purpose = Optional.ofNullable(ctx.formParam("purpose")).orElse("").strip();
        InvalidArgumentException.check(!purpose.isEmpty(), "say what you need the data for (field 'purpose')");
        InvalidArgumentException.check(purpose.length() <= 1000, "the purpose (field 'purpose') must be at most 1000 characters");
        services.accessRequests().request(principal, product.id(), purpose);
        ctx.redirect("/products/" + product.id() + "/access?notice=requested", HttpStatus.SEE_OTHER);
    }

    void decide(Context ctx, Principal principal) {
        String requestId = ctx.pathParam("request");
        String decisionText = Optional.ofNullable(ctx.formParam("decision")).orElse("");
        AccessRequests.Decision decision;
        if (decisionText.equals("approve")) {
            decision = AccessRequests.Decision.APPROVE;
        } else if (decisionText.equals("deny")) {
            decision = AccessRequests.Decision.DENY;
        } else {
            throw new InvalidArgumentException("field 'decision' must be approve or deny, not '" + decisionText + "'");
        }
        Optional<String> reason = Optional.ofNullable(ctx.formParam("reason")).map(String::strip).filter(s -> !s.isEmpty());
        AccessRequests.Request decided = services.accessRequests().decide(principal, requestId, decision, reason);
        ctx.redirect("/products/" + decided.product() + "/access?notice=" + decision.name().toLowerCase(Locale.ROOT) + "d",
                HttpStatus.SEE_OTHER);
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            InvalidArgumentException.check(value >= min && value <= max, "parameter '%s' must be between %s and %s, not %s",
                    name, min, max, value);
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("parameter '" + name + "' must be a whole number, not '" + text + "'");
        }
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
