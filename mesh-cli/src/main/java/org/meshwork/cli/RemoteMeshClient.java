package org.meshwork.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.platform.serving.ResultFormat;

/**
 * A mesh behind {@code mesh serve}, over HTTP ({@code java.net.http}) with a bearer token. The server's JSON errors
 * become the same {@link MeshException}s the embedded mesh throws, so the CLI reports them and exits alike.
 */
final class RemoteMeshClient implements MeshClient {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
    private static final int PAGE = 1000;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    RemoteMeshClient(String server, String token) {
        String url = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        try {
            this.base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("--server '" + server + "' is not a URL such as http://127.0.0.1:8080");
        }
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                || base.getHost() == null) {
            throw new InvalidArgumentException("--server '" + server + "' is not an http(s) URL such as http://127.0.0.1:8080");
        }
        if (token == null || token.isBlank()) {
            throw new InvalidArgumentException("--server needs a token: give --token TOKEN or set MESH_TOKEN "
                    + "(create one with: mesh token create --user NAME)");
        }
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public List<Map<String, Object>> products(Optional<String> domain) {
        List<Map<String, Object>> all = new ArrayList<>();
        long total;
        do {
            Map<String, List<String>> query = new LinkedHashMap<>();
            domain.ifPresent(d -> query.put("domain", List.of(d)));
            query.put("limit", List.of(Integer.toString(PAGE)));
            query.put("offset", List.of(Integer.toString(all.size())));
            Map<String, Object> page = getJson("/api/v1/products", query, OBJECT);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            all.addAll(items);
            total = ((Number) page.get("total")).longValue();
            if (items.isEmpty()) {
                break;
            }
        } while (all.size() < total);
        return all;
    }

    @Override
    public Map<String, Object> product(ProductId id) {
        return getJson("/api/v1/products/" + id, Map.of(), OBJECT);
    }

    @Override
    public List<Map<String, Object>> runs(ProductId id, int limit) {
        return getJson("/api/v1/products/" + id + "/runs", Map.of("limit", List.of(Integer.toString(limit))), LIST);
    }

    @Override
    public List<Map<String, Object>> quality(ProductId id, int runs) {
        return getJson("/api/v1/products/" + id + "/quality", Map.of("runs", List.of(Integer.toString(runs))), LIST);
    }

    @Override
    public ReadSummary data(ProductId id, Map<String, List<String>> parameters, Optional<String> purpose,
            ResultFormat format, OutputStream out) throws IOException {
        Map<String, List<String>> query = new LinkedHashMap<>(parameters);
        query.put("format", List.of(format.label()));
        purpose.ifPresent(p -> query.put("purpose", List.of(p)));
        return stream(request("/api/v1/products/" + id + "/data", query).GET().build(), out);
    }

    @Override
    public ReadSummary query(String sql, Optional<String> purpose, ResultFormat format, OutputStream out)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sql", sql);
        purpose.ifPresent(p -> body.put("purpose", p));
        return stream(request("/api/v1/sql", Map.of("format", List.of(format.label())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(), out);
    }

    /** Streams the body to {@code out}; the snapshot and the next page come in headers, before the rows. */
    private ReadSummary stream(HttpRequest request, OutputStream out) throws IOException {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw error(response.statusCode(), in.readAllBytes());
            }
            in.transferTo(out);
        }
        java.util.OptionalLong version = response.headers().firstValue(VERSION_HEADER)
                .map(value -> java.util.OptionalLong.of(Long.parseLong(value))).orElse(java.util.OptionalLong.empty());
        return new ReadSummary(java.util.OptionalLong.empty(), version, response.headers().firstValue(CURSOR_HEADER),
                false);
    }

    /** The headers {@code GET /products/{id}/data} sets before its body (see the server's ProductRoutes). */
    static final String VERSION_HEADER = "X-Mesh-Snapshot-Version";
    static final String CURSOR_HEADER = "X-Mesh-Next-Cursor";

    private <T> T getJson(String path, Map<String, List<String>> query, TypeReference<T> type) {
        HttpResponse<byte[]> response = send(request(path, query).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), response.body());
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "the server at " + base + " answered " + path
                    + " with something that is not the expected JSON: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path, Map<String, List<String>> query) {
        String queryString = query.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path + (queryString.isEmpty() ? "" : "?" + queryString)))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot connect to the server at " + base
                    + ": is `mesh serve` running there?");
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "the request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while waiting for " + base);
        }
    }

    /** The server's {@code {"code","message"}} as the exception the embedded mesh would have thrown. */
    private MeshException error(int status, byte[] body) {
        String message = "the server answered HTTP " + status;
        ErrorCode code = status == 404 ? ErrorCode.NO_SUCH_RESOURCE : status >= 500 ? ErrorCode.INTERNAL
                : status == 401 ? ErrorCode.UNAUTHENTICATED : status == 403 ? ErrorCode.FORBIDDEN
                : status == 429 ? ErrorCode.TOO_MANY_REQUESTS : status == 409 ? ErrorCode.COMMIT_CONFLICT
                : ErrorCode.INVALID_ARGUMENT;
        try {
            Map<String, Object> error = json.readValue(body, OBJECT);
            if (error.get("message") instanceof String text) {
                message = text;
            }
            if (error.get("code") instanceof String text) {
                try {
                    code = ErrorCode.valueOf(text.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    // a code this client does not know yet: keep the one the status implies
                }
            }
        } catch (IOException e) {
            // not the API's error shape (a proxy?): the status says enough
        }
        return new MeshException(code, message);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is closeable only from Java 21; its threads end with the process
    }
}
