package org.meshwork.catalog.openlineage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.catalog.lineage.SourceNodes;

/**
 * Dataset names per the OpenLineage naming conventions: local files are namespace {@code file} and their absolute path;
 * object stores {@code s3://bucket} and the key; PostgreSQL {@code postgres://host:port} and
 * {@code database.schema.table}; MySQL {@code mysql://host:port} and {@code database.table}; HTTP sources the URL's
 * {@code scheme://authority} and its path. A product is its table: the table directory as a local file.
 */
public final class DatasetNames {
    private DatasetNames() {}

    public static DatasetName ofTable(Path tableLocation) {
        return new DatasetName("file", tableLocation.toAbsolutePath().normalize().toString());
    }

    /**
     * @param baseDirectory where relative file paths resolve (the descriptor's directory)
     * @param productTables the table location of a product source's product
     */
    public static DatasetName of(SourceSpec source, Path baseDirectory, Function<ProductId, Path> productTables) {
        if (source.product().isPresent()) {
            return ofTable(productTables.apply(source.product().get()));
        }
        switch (source.type()) {
            case JDBC:
                return jdbc(source);
            case HTTP:
                return http(source.url().orElse("http://unknown/"));
            default:
                return file(source.path().orElse(source.name()), baseDirectory);
        }
    }

    private static DatasetName file(String path, Path baseDirectory) {
        int scheme = path.indexOf("://");
        if (scheme > 0) {
            URI uri = URI.create(path);
            return new DatasetName(uri.getScheme() + "://" + uri.getAuthority(), uri.getPath().replaceFirst("^/", ""));
        }
        return new DatasetName("file", baseDirectory.resolve(path).toAbsolutePath().normalize().toString());
    }

    private static DatasetName http(String url) {
        try {
            URI uri = URI.create(url);
            String authority = SourceNodes.httpAuthority(url).orElse("http://unknown");
            String path = Optional.ofNullable(uri.getPath()).filter(p -> !p.isEmpty()).orElse("/");
            return new DatasetName(authority, path);
        } catch (IllegalArgumentException e) {
            return new DatasetName("http://unknown", url);
        }
    }

    private static DatasetName jdbc(SourceSpec source) {
        String location = SourceNodes.jdbcLocation(source.url().orElse("jdbc:unknown:"));
        String table = source.table().orElse(source.name());
        int slash = location.indexOf("://");
        if (slash > 0) {
            String scheme = location.substring(0, slash).toLowerCase(Locale.ROOT);
            String rest = location.substring(slash + 3);
            int path = rest.indexOf('/');
            String authority = path < 0 ? rest : rest.substring(0, path);
            String database = path < 0 ? "" : rest.substring(path + 1);
            if (scheme.equals("postgres") && authority.indexOf(':') < 0) {
                authority = authority + ":5432";
            }
            if (scheme.equals("mysql") && authority.indexOf(':') < 0) {
                authority = authority + ":3306";
            }
            String qualified = scheme.equals("postgres") && table.indexOf('.') < 0 ? "public." + table : table;
            return new DatasetName(scheme + "://" + authority, database.isEmpty() ? qualified : database + "." + qualified);
        }
        int colon = location.indexOf(':');
        String scheme = colon < 0 ? location : location.substring(0, colon);
        String path = colon < 0 ? "" : location.substring(colon + 1);
        return new DatasetName(scheme + "://" + path, table);
    }
}
