package org.meshwork.engine.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.QueryCancelledException;

/**
 * A JSON API read with HTTP GET. Options:
 * <ul>
 *   <li>{@code records_path}: JSON pointer (e.g. {@code /data/items}) or top-level field name of the array of records
 *       in each response; default: the response itself is the array;
 *   <li>{@code next_link_path}: JSON pointer or field of the next page's URL (absolute or relative to the current
 *       one); paging stops when it is missing, null or empty;
 *   <li>{@code page_param}, {@code page_size}, {@code page_size_param} (default {@code page_size}),
 *       {@code first_page} (default 1): numbered pages, requested until a page has no records;
 *   <li>{@code max_pages} (default 1000): the source fails rather than stop early when the API still has more pages;
 *   <li>{@code timeout_seconds} (default 30) per request.
 * </ul>
 * When {@code credentials_env} is set, the variable's value is sent as {@code Authorization: Bearer <value>}.
 * Records that are not JSON objects are quarantined; every other failure (status other than 2xx, a body that is not
 * JSON, no array at {@code records_path}) fails the source.
 */
final class HttpSourceReader implements SourceReader {

    private static final Set<String> OPTIONS = Set.of("records_path", "next_link_path", "page_param", "page_size",
            "page_size_param", "first_page", "max_pages", "timeout_seconds");
    private static final int MAX_PAGES_DEFAULT = 1000;
    private static final int TIMEOUT_SECONDS_DEFAULT = 30;
    private static final long CANCEL_POLL_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A source's paging settings, read from its options. */
    private record Paging(String recordsPath, Optional<String> nextLink, Optional<String> pageParam, int firstPage,
            Optional<Integer> pageSize, String pageSizeParam, int maxPages, Duration timeout, Optional<String> token) {

        URI page(URI first, int number) {
            return withPage(first, pageParam.orElseThrow(), firstPage + number - 1, pageSizeParam, pageSize);
        }
    }

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        SourceOptions options = new SourceOptions(source.name(), source.options(), OPTIONS);
        URI first = source.url().map(URI::create).orElseThrow(() -> new InvalidArgumentException(
                "source " + source.name() + ": an http source needs a url"));
        InvalidArgumentException.check("http".equals(first.getScheme()) || "https".equals(first.getScheme()),
                "source %s: url must use http or https", source.name());
        Paging paging = new Paging(
                options.text("records_path").map(HttpSourceReader::pointer).orElse(""),
                options.text("next_link_path").map(HttpSourceReader::pointer),
                options.text("page_param"),
                options.positiveInt("first_page").orElse(1),
                options.positiveInt("page_size"),
                options.text("page_size_param").orElse("page_size"),
                options.positiveInt("max_pages").orElse(MAX_PAGES_DEFAULT),
                Duration.ofSeconds(options.positiveInt("timeout_seconds").orElse(TIMEOUT_SECONDS_DEFAULT)),
                source.credentialsEnv().map(variable -> context.input().environment().apply(variable)
                        .orElseThrow(() -> new InvalidArgumentException("source " + source.name()
                                + ": environment variable " + variable + " named by credentials_env is not set"))));
        InvalidArgumentException.check(paging.nextLink().isEmpty() || paging.pageParam().isEmpty(),
                "source %s: use either next_link_path or page_param, not both", source.name());
        HttpClient client = HttpClient.newBuilder().connectTimeout(paging.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (NdjsonStaging staging = new NdjsonStaging(context)) {
            long rejected;
            try (QuarantineWriter quarantine = new QuarantineWriter(context.database(), source.name(), context.runId())) {
                readPages(context, client, first, paging, staging, quarantine);
                rejected = quarantine.count();
            }
            return staging.finish(rejected, false);
        }
    }

    private static void readPages(SourceContext context, HttpClient client, URI first, Paging paging,
            NdjsonStaging staging, QuarantineWriter quarantine) {
        URI url = paging.pageParam().isPresent() ? paging.page(first, 1) : first;
        for (int page = 1; ; page++) {
            context.database().checkNotCancelled();
            JsonNode body = get(context, client, url, paging.timeout(), paging.token());
            JsonNode records = paging.recordsPath().isEmpty() ? body : body.at(paging.recordsPath());
            if (!records.isArray()) {
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": page " + page + " (" + url
                        + ") has no array at records_path '" + paging.recordsPath() + "'");
            }
            int index = 0;
            for (JsonNode record : records) {
                index++;
                if (record instanceof ObjectNode object) {
                    staging.add(object, null);
                } else {
                    quarantine.reject("record " + index + " of page " + page + " (" + url + ") is not a JSON object",
                            record.toString(), null);
                }
            }
            Optional<URI> next;
            if (paging.nextLink().isPresent()) {
                JsonNode link = body.at(paging.nextLink().get());
                next = link.isTextual() && !link.asText().isBlank()
                        ? Optional.of(url.resolve(link.asText())) : Optional.empty();
            } else if (paging.pageParam().isPresent()) {
                next = records.isEmpty() ? Optional.empty() : Optional.of(paging.page(first, page + 1));
            } else {
                next = Optional.empty();
            }
            if (next.isEmpty()) {
                return;
            }
            if (page == paging.maxPages()) {
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": the API has more than "
                        + paging.maxPages() + " pages; raise option max_pages to read them all");
            }
            url = next.get();
        }
    }

    private static JsonNode get(SourceContext context, HttpClient client, URI url, Duration timeout,
            Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json")
                .GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        HttpResponse<byte[]> response = await(context, url,
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        if (response.statusCode() / 100 != 2) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": GET " + url + " returned HTTP "
                    + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": GET " + url
                    + " did not return JSON: " + e.getMessage(), e);
        }
    }

    /** Waits for a response, giving up as soon as the session is cancelled. */
    private static HttpResponse<byte[]> await(SourceContext context, URI url,
            CompletableFuture<HttpResponse<byte[]>> response) {
        while (true) {
            try {
                return response.get(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (context.database().isCancelled()) {
                    response.cancel(true);
                    throw new QueryCancelledException(context.context() + ": cancelled during GET " + url, e);
                }
            } catch (ExecutionException e) {
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": GET " + url + " failed: "
                        + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.cancel(true);
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": interrupted during GET " + url, e);
            }
        }
    }

    private static URI withPage(URI base, String pageParam, int page, String sizeParam, Optional<Integer> size) {
        StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        appendParam(query, pageParam, Integer.toString(page));
        size.ifPresent(value -> appendParam(query, sizeParam, Integer.toString(value)));
        String text = base.toString();
        int cut = text.indexOf('?');
        int fragment = text.indexOf('#');
        String prefix = cut >= 0 ? text.substring(0, cut) : fragment >= 0 ? text.substring(0, fragment) : text;
        return URI.create(prefix + "?" + query);
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** A JSON pointer as given, or a top-level field name turned into one. */
    private static String pointer(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            return path;
        }
        return "/" + path.replace("~", "~0").replace("/", "~1");
    }
}
