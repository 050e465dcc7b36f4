package org.meshwork.catalog.lineage;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.meshwork.api.descriptor.SourceSpec;

/**
 * Names the external system behind a source. A declared {@code system} wins ({@code crm_system}); otherwise the name
 * comes from where the rows are: a JDBC URL's database server and database, an HTTP URL's host, a file's path. The
 * same system read by several products is one node.
 */
public final class SourceNodes {
    private SourceNodes() {}

    public static LineageInput of(SourceSpec source) {
        if (source.product().isPresent()) {
            String id = source.product().get().toString();
            return new LineageInput(source.name(), NodeKind.PRODUCT, id, id);
        }
        if (source.system().isPresent()) {
            String system = source.system().get();
            return new LineageInput(source.name(), NodeKind.SYSTEM, "system:" + system, system);
        }
        switch (source.type()) {
            case JDBC: {
                String url = source.url().orElse("jdbc:unknown");
                String location = jdbcLocation(url);
                return new LineageInput(source.name(), NodeKind.SYSTEM, location, location);
            }
            case HTTP: {
                String url = source.url().orElse("http://unknown");
                String host = httpAuthority(url).orElse(url);
                return new LineageInput(source.name(), NodeKind.SYSTEM, host, host);
            }
            default: {
                String path = source.path().orElse("?");
                return new LineageInput(source.name(), NodeKind.SYSTEM, "file:" + path, path);
            }
        }
    }

    /**
     * {@code jdbc:postgresql://db.internal:5432/sales?ssl=true} → {@code postgres://db.internal:5432/sales};
     * {@code jdbc:sqlite:/data/app.db} → {@code sqlite:/data/app.db}. Credentials and parameters are dropped.
     */
    public static String jdbcLocation(String url) {
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return rest;
        }
        String scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("postgresql")) {
            scheme = "postgres";
        }
        String body = rest.substring(colon + 1);
        int query = indexOfAny(body, '?', ';');
        if (query >= 0) {
            body = body.substring(0, query);
        }
        if (body.startsWith("//")) {
            String authorityAndPath = body.substring(2);
            int at = authorityAndPath.lastIndexOf('@', authorityAndPath.indexOf('/') < 0 ? authorityAndPath.length()
                    : authorityAndPath.indexOf('/'));
            if (at >= 0) {
                authorityAndPath = authorityAndPath.substring(at + 1);
            }
            return scheme + "://" + authorityAndPath;
        }
        return scheme + ":" + body;
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        if (first < 0) {
            return second;
        }
        return second < 0 ? first : Math.min(first, second);
    }

    /** {@code https://api.example.com:8443/v1/orders} → {@code https://api.example.com:8443}. */
    public static Optional<String> httpAuthority(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
