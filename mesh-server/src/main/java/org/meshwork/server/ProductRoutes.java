package org.meshwork.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.DomainName;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.NoSuchDomainException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.Mesh.DomainSummary;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;
import org.meshwork.platform.sla.SlaMonitor;

/**
 * The handlers of {@code /api/v1}: catalog (domains, products, schema), operations (quality, runs) and data (the
 * governed read and SQL). Every handler receives an authenticated principal; metadata of a product the principal may
 * not discover is answered exactly like a product that does not exist.
 */
final class ProductRoutes {
    static final long PAGE_SIZE_DEFAULT = 100;
    static final long PAGE_SIZE_MAX = 1000;
    static final String VERSION_HEADER = "X-Mesh-Snapshot-Version";
    static final String CURSOR_HEADER = "X-Mesh-Next-Cursor";
    private static final long SQL_BODY_LIMIT = 1_000_000;

    private final ServerServices services;
    private final Mesh mesh;
    private final SlaMonitor slas;
    private final ObjectMapper json;

    ProductRoutes(ServerServices services, SlaMonitor slas, ObjectMapper json) {
        this.services = services;
        this.mesh = services.mesh();
        this.slas = slas;
        this.json = json;
    }

    void domains(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        List<Map<String, Object>> result = new ArrayList<>();
        for (DomainSummary domain : mesh.domains()) {
            result.add(domain(domain, principal));
        }
        respond(ctx, Map.of("items", result));
    }

    void domain(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        DomainName name = pathParameter("name", () -> DomainName.of(ctx.pathParam("name")));
        DomainSummary domain = mesh.domains().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchDomainException(name));
        respond(ctx, domain(domain, principal));
    }

    private Map<String, Object> domain(DomainSummary domain, Principal principal) {
        List<String> visible = domain.products().stream()
                .filter(id -> services.access().canDiscover(principal, id)).map(ProductId::toString).toList();
        return ApiViews.domain(domain.declaration().orElse(null), domain.name().value(), visible);
    }

    void products(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("limit", "offset", "domain", "tag", "owner");
        long limit = query.number("limit", PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
        long offset = query.number("offset", 0, 0, Integer.MAX_VALUE);
        Optional<DomainName> domain = query.single("domain").map(d -> parameter("domain", () -> DomainName.of(d)));
        Optional<String> tag = query.single("tag");
        Optional<String> owner = query.single("owner");
        List<VersionedProduct> matching = (domain.isPresent() ? mesh.products().list(domain.get()) : mesh.products().list())
                .stream()
                .filter(p -> tag.isEmpty() || p.definition().tags().contains(tag.get()))
                .filter(p -> owner.isEmpty() || p.definition().ownerTeam().map(Object::toString).equals(owner))
                .filter(p -> services.access().canDiscover(principal, p.id()))
                .toList();
        List<Map<String, Object>> page = matching.stream().skip(offset).limit(limit).map(ApiViews::summary).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        body.put("total", matching.size());
        body.put("limit", limit);
        body.put("offset", offset);
        if (offset + limit < matching.size()) {
            Map<String, List<String>> next = new LinkedHashMap<>(ctx.queryParamMap());
            next.put("offset", List.of(Long.toString(offset + limit)));
            next.put("limit", List.of(Long.toString(limit)));
            ctx.header("Link", "<" + ctx.path() + "?" + encode(next) + ">; rel=\"next\"");
        }
        respond(ctx, body);
    }

    void product(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        respond(ctx, ApiViews.productDocument(mesh, slas, discoverable(ctx, principal)));
    }

    void schema(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("version");
        VersionedProduct product = discoverable(ctx, principal);
        if (query.single("version").isEmpty()) {
            respond(ctx, ApiViews.schema(product));
            return;
        }
        long revision = query.number("version", 0, 1, Long.MAX_VALUE);
        StoredResource stored = mesh.store().version(ResourceKey.product(product.id()), revision)
                .orElseThrow(() -> new MeshException(ErrorCode.NO_SUCH_VERSION, "product '" + product.id()
                        + "' has no revision " + revision + "; its revisions are 1 to " + product.version()));
        respond(ctx, ApiViews.schema(mesh.products().toProduct(stored)));
    }

    void quality(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("runs");
        int runs = (int) query.number("runs", 10, 1, 1000);
        VersionedProduct product = discoverable(ctx, principal);
        respond(ctx, mesh.qualityHistory(product.id(), runs).stream().map(ApiViews::checkResult).toList());
    }

    void runs(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("limit");
        int limit = (int) query.number("limit", 20, 1, 1000);
        VersionedProduct product = discoverable(ctx, principal);
        respond(ctx, mesh.runs(product.id(), limit).stream().map(ApiViews::run).toList());
    }

    void data(Context ctx, Principal principal) throws IOException {
        Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
        QueryParameters own = new QueryParameters(parameters);
        Optional<String> formatParameter = own.single("format");
        Optional<String> purpose = own.single("purpose");
        parameters.remove("format");
        parameters.remove("purpose");
        ResultFormat format = negotiate(formatParameter, ctx.header("Accept"));
        DataRequest request = services.requestParser().parse(parameters);
        VersionedProduct product = discoverable(ctx, principal);
        try (ResultStream result = services.data().read(principal, product.id(), request, context(ctx, purpose))) {
            stream(ctx, result, format);
        }
    }

    void sql(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("format", "purpose");
        ResultFormat format = negotiate(query.single("format"), ctx.header("Accept"));
        Optional<String> purpose = query.single("purpose");
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (ctx.req().getContentLengthLong() > SQL_BODY_LIMIT) {
            throw new InvalidArgumentException("the request body is larger than " + SQL_BODY_LIMIT + " bytes");
        }
        String sql;
        if (contentType.startsWith("application/json")) {
            JsonNode body;
            try {
                body = json.readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                throw new InvalidArgumentException("the request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (body == null || !body.isObject()) {
                throw new InvalidArgumentException("the request body must be a JSON object {\"sql\": \"SELECT …\", \"purpose\": \"…\"}");
            }
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("sql") && !name.equals("purpose")) {
                    throw new InvalidArgumentException("unknown field '" + name + "' in the request body; expected sql and purpose");
                }
            }
            JsonNode sqlNode = body.get("sql");
            if (sqlNode == null || !sqlNode.isTextual()) {
                throw new InvalidArgumentException("field 'sql' is missing or not a string");
            }
            sql = sqlNode.asText();
            JsonNode purposeNode = body.get("purpose");
            if (purposeNode != null && !purposeNode.isNull()) {
                if (!purposeNode.isTextual()) {
                    throw new InvalidArgumentException("field 'purpose' must be a string");
                }
                if (purpose.isPresent()) {
                    throw new InvalidArgumentException("purpose is given both as a query parameter and in the body; give it once");
                }
                purpose = Optional.of(purposeNode.asText());
            }
        } else if (contentType.startsWith("text/plain")) {
            sql = ctx.body();
        } else {
            throw new InvalidArgumentException("Content-Type must be application/json or text/plain, got '"
                    + (contentType.isEmpty() ? "(none)" : contentType) + "'");
        }
        if (sql.isBlank()) {
            throw new InvalidArgumentException("field 'sql' is empty: send one SELECT over data products");
        }
        try (ResultStream result = services.data().query(principal, sql, context(ctx, purpose))) {
            stream(ctx, result, format);
        }
    }

    private void stream(Context ctx, ResultStream result, ResultFormat format) throws IOException {
        ctx.status(200).contentType(format.mediaType());
        result.version().ifPresent(version -> ctx.header(VERSION_HEADER, Long.toString(version)));
        result.nextCursor().ifPresent(cursor -> cursorHeaders(ctx, cursor));
        OutputStream out = ctx.res().getOutputStream();
        // the writers flush when they finish; a flush would commit the response (its headers) before the cursor below
        // could be added, so it is held back until then — Jetty still sends whenever its buffer fills
        result.writeTo(format, new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                // held back: see above
            }
        });
        // a cursor known only once the page is written still fits when the page was smaller than the response buffer
        if (!ctx.res().isCommitted() && ctx.res().getHeader(CURSOR_HEADER) == null) {
            result.nextCursor().ifPresent(cursor -> cursorHeaders(ctx, cursor));
        }
        // Nothing is flushed here: the response completes when the handler returns, after the caller has closed the
        // result. A result that fails to end (its audit entry cannot be appended, say) thus leaves an uncommitted
        // response, which becomes an error, not rows.
    }

    private void cursorHeaders(Context ctx, String cursor) {
        Map<String, List<String>> next = new LinkedHashMap<>(ctx.queryParamMap());
        next.remove("offset");
        next.put("cursor", List.of(cursor));
        ctx.header(CURSOR_HEADER, cursor);
        ctx.header("Link", "<" + ctx.path() + "?" + encode(next) + ">; rel=\"next\"");
    }

    /** {@code format=} wins; else the first media type of {@code Accept} (by quality) that is served; else JSON. */
    static ResultFormat negotiate(Optional<String> formatParameter, String accept) {
        if (formatParameter.isPresent()) {
            return ResultFormat.fromLabel(formatParameter.get().strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new InvalidArgumentException("query parameter 'format' must be one of "
                            + List.of(ResultFormat.values()).stream().map(ResultFormat::label).toList() + ", got '"
                            + formatParameter.get() + "'"));
        }
        if (accept == null || accept.isBlank()) {
            return ResultFormat.JSON;
        }
        List<String[]> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            double quality = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException("header 'Accept' has a bad quality value '" + parameter + "'");
                    }
                }
            }
            if (quality > 0) {
                ranges.add(new String[] {pieces[0].strip().toLowerCase(Locale.ROOT), Double.toString(quality)});
            }
        }
        ranges.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        for (String[] range : ranges) {
            String type = range[0];
            if (type.equals("*/*") || type.equals("application/*")) {
                return ResultFormat.JSON;
            }
            for (ResultFormat format : ResultFormat.values()) {
                if (format.mediaType().equals(type)) {
                    return format;
                }
            }
            if (type.equals("text/*")) {
                return ResultFormat.CSV;
            }
        }
        throw new InvalidArgumentException("header 'Accept' names no format this server writes ('" + accept
                + "'); use one of " + List.of(ResultFormat.values()).stream().map(ResultFormat::mediaType).toList()
                + " or the format= query parameter");
    }

    private VersionedProduct discoverable(Context ctx, Principal principal) {
        ProductId id = pathParameter("id", () -> ProductId.parse(ctx.pathParam("id")));
        VersionedProduct product = mesh.products().get(id);
        if (!services.access().canDiscover(principal, id)) {
            throw new NoSuchProductException(id);
        }
        return product;
    }

    private static RequestContext context(Context ctx, Optional<String> purpose) {
        return new RequestContext(purpose.filter(p -> !p.isBlank()), Optional.ofNullable(ctx.ip()));
    }

    private void respond(Context ctx, Object body) throws IOException {
        ctx.status(200).contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private static <T> T pathParameter(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | MeshException e) {
            if (e instanceof NoSuchProductException || e instanceof NoSuchDomainException) {
                throw e;
            }
            throw new InvalidArgumentException("path parameter '" + name + "': " + e.getMessage());
        }
    }

    private static <T> T parameter(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | MeshException e) {
            throw new InvalidArgumentException("query parameter '" + name + "': " + e.getMessage());
        }
    }

    private static String encode(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> url(e.getKey()) + "=" + url(v)))
                .collect(Collectors.joining("&"));
    }

    private static String url(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
